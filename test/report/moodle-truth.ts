/** What each learner of the Moodle cohort recorded, from the fixtures' ground truth (truth.json), and the files around it. */
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../support/fixture.ts';
import { ReportInputError, type Submission } from '../../build/report/model.ts';

export const moodleFixtures = path.join(projectRoot, 'test/fixtures/moodle');
export const cohort = path.join(moodleFixtures, 'cohort');

type Version = 'scorm12' | 'scorm2004';
export interface TruthAttempt {
  attempt: number;
  survey_interaction_index: Record<string, number>;
  responses: Record<string, string | null>;
  status: Record<string, string | null>;
  interactions_total: number;
}
export interface TruthLearner {
  userid: number;
  username: string;
  firstname: string;
  lastname: string;
  email: string;
  group: string;
  group_name: string;
  /** How the fixture made the learner's record: `chromium-finish`, `api-two-attempts`, `never-started`… */
  how: string;
  activities: Record<Version, TruthAttempt[]>;
}
export const truth = JSON.parse(fs.readFileSync(path.join(cohort, 'truth.json'), 'utf8')) as { items: string[]; learners: Record<string, TruthLearner> };

/** The only file in a fixture folder whose name ends so. */
export function fixtureFile(dir: string, ending: string): { file: string; bytes: Uint8Array } {
  const name = fs.readdirSync(dir).find((f) => f.endsWith(ending));
  if (!name) throw new Error(`no *${ending} in ${dir}`);
  return { file: name, bytes: fs.readFileSync(path.join(dir, name)) };
}

/** One learner's attempt as the truth has it: the survey answers by interaction index (empty ones left out), and how many test answers follow. */
export function expectedAttempt(version: Version, learner: string, attempt: number) {
  const a = truth.learners[learner]!.activities[version].find((x) => x.attempt === attempt)!;
  const survey = truth.items
    .filter((item) => a.responses[item] !== null)
    .map((item) => ({ item, index: a.survey_interaction_index[item]!, response: a.responses[item]! }))
    .sort((x, y) => x.index - y.index);
  // null: the package never set a raw score (the learner left after the survey).
  const rawScore = a.status['cmi.core.score.raw'] ?? a.status['cmi.score.raw'] ?? null;
  return { survey, testAnswers: a.interactions_total - truth.items.length, score: rawScore === null ? null : Number(rawScore) };
}

/** Every learner × attempt the truth records for an activity, in user order. */
export function truthAttempts(version: Version): { learner: string; attempt: number }[] {
  return Object.entries(truth.learners).flatMap(([learner, l]) => l.activities[version].map((a) => ({ learner, attempt: a.attempt })));
}

/** The survey part of a submission, as `expectedAttempt` states it. */
export function surveyPart(s: Submission) {
  return s.answers.filter((a) => a.index < truth.items.length).map((a) => ({ index: a.index, response: a.response }));
}

/** The error a reader throws, to assert its file, problem and hint exactly. */
export async function inputError(read: () => unknown): Promise<ReportInputError> {
  try {
    await read();
  } catch (err) {
    if (err instanceof ReportInputError) return err;
    throw err;
  }
  throw new Error('the reader accepted the file');
}
