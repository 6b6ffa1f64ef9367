import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { catalog } from '../../build/diagnostics.ts';
import { loadCourse } from '../../build/index.ts';
import { localize } from '../../build/course/localize.ts';
import { checkMoodleValue, elementPattern, moodleProfileDiagnostics, moodleProfileTextDiagnostics, type MoodleStandard } from '../../build/moodle-profile.ts';
import { fixtureCopy, lineOf, projectRoot } from '../support/fixture.ts';

type Row = [standard: MoodleStandard, element: string, value: string, type: string | undefined];

const accepted: Row[] = [
  ['scorm2004', 'cmi.interactions.0.id', 'survey.aw_exp_witnessed', undefined],
  ['scorm2004', 'cmi.interactions.12.id', 'test.a3.q_what_is_01', undefined],
  ['scorm2004', 'cmi.interactions.0.learner_response', 's3', 'likert'],
  ['scorm2004', 'cmi.interactions.0.learner_response', 'a[,]c', 'choice'],
  ['scorm2004', 'cmi.interactions.0.learner_response', 'true', 'true-false'],
  ['scorm2004', 'cmi.interactions.0.learner_response', 'お客様から長時間の電話が続いた', 'fill-in'],
  ['scorm2004', 'cmi.interactions.0.learner_response', 'x'.repeat(4000), 'long-fill-in'],
  ['scorm2004', 'cmi.interactions.0.correct_responses.0.pattern', 'b', 'choice'],
  ['scorm2004', 'cmi.interactions.0.description', '正しいものはどれですか。', undefined],
  ['scorm2004', 'cmi.interactions.0.description', 'd'.repeat(250), undefined],
  ['scorm2004', 'cmi.interactions.0.timestamp', '2026-10-01T09:30:05.20Z', undefined],
  ['scorm2004', 'cmi.interactions.0.latency', 'PT12.34S', undefined],
  ['scorm2004', 'cmi.interactions.0.result', 'incorrect', undefined],
  ['scorm2004', 'cmi.interactions.0.weighting', '1', undefined],
  ['scorm2004', 'cmi.session_time', 'PT1H2M3.45S', undefined],
  ['scorm2004', 'cmi.session_time', 'PT0S', undefined],
  ['scorm2004', 'cmi.location', 'lesson.what_is.definition', undefined],
  ['scorm2004', 'cmi.location', 'l'.repeat(1000), undefined],
  ['scorm2004', 'cmi.suspend_data', '{"v":1}'.repeat(9000), undefined],
  ['scorm2004', 'cmi.score.raw', '85.5', undefined],
  ['scorm2004', 'cmi.score.scaled', '0.855', undefined],
  ['scorm2004', 'cmi.progress_measure', '0.3333333', undefined],
  ['scorm2004', 'cmi.exit', 'suspend', undefined],
  ['scorm2004', 'cmi.completion_status', 'incomplete', undefined],
  ['scorm2004', 'cmi.success_status', 'passed', undefined],
  ['scorm12', 'cmi.core.lesson_location', 'lesson.what_is.definition', undefined],
  ['scorm12', 'cmi.core.session_time', '0001:02:03.45', undefined],
  ['scorm12', 'cmi.core.score.raw', '85', undefined],
  ['scorm12', 'cmi.core.lesson_status', 'incomplete', undefined],
  ['scorm12', 'cmi.suspend_data', 's'.repeat(4096), undefined],
  ['scorm12', 'cmi.interactions.0.id', 'test.a1.q_one', undefined],
  ['scorm12', 'cmi.interactions.0.id', 'survey-aw_know', undefined],
  ['scorm12', 'cmi.interactions.0.student_response', 'a,b', 'choice'],
  ['scorm12', 'cmi.interactions.0.result', 'wrong', undefined],
];

const rejected: [...Row, reason: RegExp][] = [
  ['scorm2004', 'cmi.interactions.0.id', 'survey.意識', undefined, /contains "意" "識"; use only A-Z, a-z, 0-9, _ and \./],
  ['scorm2004', 'cmi.interactions.0.id', 'survey.item one', undefined, /contains " "/],
  ['scorm2004', 'cmi.interactions.0.id', 'survey.item_', undefined, /ends in "_" or "\."/],
  ['scorm2004', 'cmi.interactions.0.id', 'test.a1.', undefined, /ends in "_" or "\."/],
  ['scorm2004', 'cmi.interactions.0.id', '', undefined, /empty/],
  ['scorm2004', 'cmi.interactions.0.learner_response', 'そう思う', 'likert', /not a short ASCII identifier.*"s1"/],
  ['scorm2004', 'cmi.interactions.0.learner_response', 's1[,]s2', 'likert', /"s1\[,\]s2" is not a short ASCII identifier/],
  ['scorm2004', 'cmi.interactions.0.learner_response', 'a[,]a', 'choice', /"a" appears twice/],
  ['scorm2004', 'cmi.interactions.0.learner_response', Array.from({ length: 37 }, (_, i) => `c${i}`).join('[,]'), 'choice', /37 values; Moodle accepts at most 36 in a choice response/],
  ['scorm2004', 'cmi.interactions.0.learner_response', 'これ', 'choice', /not a short ASCII identifier/],
  ['scorm2004', 'cmi.interactions.0.learner_response', 'yes', 'true-false', /neither true nor false/],
  ['scorm2004', 'cmi.interactions.0.learner_response', 'line one\nline two', 'fill-in', /line break/],
  ['scorm2004', 'cmi.interactions.0.learner_response', 'f'.repeat(252), 'fill-in', /252 characters; Moodle accepts at most 250/],
  ['scorm2004', 'cmi.interactions.0.correct_responses.0.pattern', 'た', 'choice', /not a short ASCII identifier/],
  ['scorm2004', 'cmi.interactions.0.description', 'd'.repeat(251), undefined, /251 characters; Moodle accepts at most 250/],
  ['scorm2004', 'cmi.interactions.0.description', 'first line\nsecond', undefined, /line break/],
  ['scorm2004', 'cmi.interactions.0.description', '{braces} first', undefined, /starts with "\{"/],
  ['scorm2004', 'cmi.interactions.0.timestamp', '2026-10-01T09:30:05.123Z', undefined, /more than 2 digits/],
  ['scorm2004', 'cmi.interactions.0.timestamp', '2039-01-01T00:00:00.00Z', undefined, /year up to 2038/],
  ['scorm2004', 'cmi.interactions.0.timestamp', '2026-10-01T09:30:05Z', undefined, /zone only after a fraction/],
  ['scorm2004', 'cmi.interactions.0.latency', 'PT1.234S', undefined, /more than 2 decimals/],
  ['scorm2004', 'cmi.interactions.0.result', 'wrong', undefined, /not correct, incorrect/],
  ['scorm2004', 'cmi.interactions.0.type', 'essay', undefined, /"essay" is not one of/],
  ['scorm2004', 'cmi.session_time', 'PT1.234S', undefined, /more than 2 decimals/],
  ['scorm2004', 'cmi.session_time', '90 seconds', undefined, /not an ISO 8601 duration/],
  ['scorm2004', 'cmi.location', 'l'.repeat(1001), undefined, /1001 characters; Moodle stores at most 1000/],
  ['scorm2004', 'cmi.suspend_data', 's'.repeat(64001), undefined, /64001 characters; Moodle stores at most 64000/],
  ['scorm2004', 'cmi.score.raw', '123456', undefined, /not a decimal Moodle accepts/],
  ['scorm2004', 'cmi.score.scaled', '1.5', undefined, /outside -1..1/],
  ['scorm2004', 'cmi.progress_measure', '-0.1', undefined, /outside 0..1/],
  ['scorm2004', 'cmi.exit', 'quit', undefined, /"quit" is not one of/],
  ['scorm2004', 'adl.nav.request', 'exitAll', undefined, /must not send adl\.nav\.request/],
  ['scorm12', 'cmi.core.lesson_location', 'l'.repeat(256), undefined, /256 characters; Moodle stores at most 255/],
  ['scorm12', 'cmi.core.session_time', 'PT1M', undefined, /not HHHH:MM:SS\.SS/],
  ['scorm12', 'cmi.core.session_time', '0000:00:01.234', undefined, /not HHHH:MM:SS\.SS/],
  ['scorm12', 'cmi.core.score.raw', '101', undefined, /outside 0..100/],
  ['scorm12', 'cmi.core.exit', 'normal', undefined, /"normal" is not one of/],
  ['scorm12', 'cmi.suspend_data', 's'.repeat(4097), undefined, /4097 characters; Moodle stores at most 4096/],
  ['scorm12', 'cmi.interactions.0.id', 'survey.意識', undefined, /non-ASCII/],
  ['scorm12', 'cmi.interactions.0.id', 'survey item', undefined, /contains a space/],
  ['scorm12', 'cmi.interactions.0.student_response', 'そう思う', 'likert', /not a short ASCII identifier/],
  ['scorm12', 'cmi.interactions.0.result', 'incorrect', undefined, /not correct, wrong/],
];

/** A row with a readable name: long values are shown by their length. */
function named([standard, element, value, type]: Row) {
  const shown = value.length > 40 ? `${JSON.stringify(value.slice(0, 12))}… (${value.length} characters)` : JSON.stringify(value);
  return { standard, element, value, type, shown: type ? `${shown} as ${type}` : shown };
}

describe('the Moodle profile of runtime values', () => {
  test.each(accepted.map(named))('$standard accepts $element = $shown', ({ standard, element, value, type }) => {
    expect(checkMoodleValue(standard, element, value, { interactionType: type })).toEqual({ ok: true });
  });

  test.each(rejected.map(([s, e, v, t, reason]) => ({ ...named([s, e, v, t]), reason })))('$standard refuses $element = $shown', ({ standard, element, value, type, reason }) => {
    const v = checkMoodleValue(standard, element, value, { interactionType: type });
    expect(v.ok).toBe(false);
    if (!v.ok) {
      expect(v.reason).toMatch(reason);
      expect(v.rule.startsWith(elementPattern(element))).toBe(true);
    }
  });

  test('names elements by their pattern, indexes as n', () => {
    expect(elementPattern('cmi.interactions.12.correct_responses.0.pattern')).toBe('cmi.interactions.n.correct_responses.n.pattern');
  });

  test('leaves elements it has no rule for to the standard', () => {
    expect(checkMoodleValue('scorm2004', 'cmi.learner_preference.language', 'ja')).toEqual({ ok: true });
  });
});

describe('the Moodle profile at build time', () => {
  test('finds nothing in the real course', () => {
    const { course, diagnostics } = loadCourse(path.join(projectRoot, 'content'));
    expect(diagnostics.errors).toEqual([]);
    expect(moodleProfileDiagnostics(course!)).toEqual([]);
    for (const l of course!.languages) expect(moodleProfileTextDiagnostics(course!, localize(course!, l.code))).toEqual([]);
  });

  test('reports a survey text Moodle would show cut, with its file and line', () => {
    const long = 'とても長い設問文です。'.repeat(30);
    const dir = fixtureCopy('minimal', [{ file: 'survey.yaml', replace: 'ja: 定義を説明できる', with: `ja: ${long}` }]);
    const { course } = loadCourse(dir);
    const ja = moodleProfileTextDiagnostics(course!, localize(course!, 'ja'));
    expect(ja).toEqual([
      {
        rule: 'MoodleProfileTextCut',
        pos: { file: path.join(dir, 'survey.yaml'), line: lineOf(path.join(dir, 'survey.yaml'), '- id: aw_know'), column: expect.any(Number) },
        message: `[ja] The survey item "aw_know" has ${long.length} characters; cmi.interactions.n.description holds 250 in Moodle, so the report shows it cut.`,
      },
    ]);
    expect(moodleProfileTextDiagnostics(course!, localize(course!, 'en'))).toEqual([]);
  });

  test('reports ids and bookmarks Moodle would refuse, with the place they come from', () => {
    const dir = fixtureCopy('minimal');
    const { course } = loadCourse(dir);
    // The validator already refuses such ids; the profile is the second line of defence, so
    // the model is changed directly here.
    course!.survey.items[0]!.id = 'aw_知識';
    course!.survey.scales[0]!.points[0]!.id = 'そう思わない';
    course!.questions[0]!.choices[1]!.id = 'ア';
    course!.lessons[0]!.slides[0]!.id = 'x'.repeat(1000);
    const problems = moodleProfileDiagnostics(course!);
    expect(problems.map((p) => [p.rule, catalog[p.rule].severity, p.message])).toEqual([
      ['MoodleProfileValue', 'error', expect.stringMatching(/^The survey item id "survey\.aw_知識" would be sent as cmi\.interactions\.n\.id, and Moodle refuses it: contains "知" "識"/)],
      ['MoodleProfileValue', 'error', expect.stringMatching(/^The survey item id "survey\.aw_知識" would be sent as cmi\.interactions\.n\.id, and Moodle refuses it: contains a space or non-ASCII/)],
      ['MoodleProfileValue', 'error', expect.stringMatching(/^The Likert scale point id "そう思わない" would be sent as cmi\.interactions\.n\.learner_response/)],
      ['MoodleProfileValue', 'error', expect.stringMatching(/^The choice id "ア" would be sent as cmi\.interactions\.n\.learner_response, and Moodle refuses it: "ア" is not a short ASCII identifier/)],
      ['MoodleProfileValue', 'error', expect.stringMatching(/^The bookmark "lesson\.basics\.x+" would be sent as cmi\.location, and Moodle refuses it: 1014 characters/)],
      ['MoodleProfileValue', 'error', expect.stringMatching(/^The bookmark .* cmi\.core\.lesson_location, and Moodle refuses it: 1014 characters; Moodle stores at most 255/)],
    ]);
    expect(problems[0]!.pos).toEqual(course!.survey.items[0]!.pos);
    expect(problems[0]!.pos.file).toBe(path.join(dir, 'survey.yaml'));
  });
});
