/**
 * cmi5 (Quartz): a course structure `cmi5.xml` at the zip root with one AU, the player's
 * index.html, which talks xAPI to the LRS the LMS names in the launch URL.
 */
import type { Course } from '../../model.ts';
import { packageZip, playerFiles, template, utf8 } from '../package-files.ts';
import type { Target } from '../target.ts';

/**
 * Publisher ids in cmi5.xml must be absolute IRIs, unique and stable across versions (spec
 * §13.1: the LMS keys imports and reports on them). `courses.example` is a reserved domain
 * (RFC 2606) standing in for the publisher's own until course.yaml can name it; ids built on
 * it are stable as long as the course id is.
 */
export const CMI5_IRI_BASE = 'https://courses.example/';

/**
 * The LRS's address comes from the launch URL, known only when the LMS launches the AU, so the
 * page cannot list it: any http(s) origin may be contacted (the auth-token fetch URL and the
 * xAPI endpoint), nothing else (no data:, blob: or websockets). http is kept for intranet LMSs.
 */
export const CMI5_CONNECT_SRC = 'https: http:';

/** Ids of one language's package: each language is its own course in an LMS. */
export function cmi5Ids(course: Pick<Course, 'id'>, lang: string): { courseId: string; auId: string } {
  const courseId = `${CMI5_IRI_BASE}${encodeURIComponent(course.id)}/${encodeURIComponent(lang)}`;
  return { courseId, auId: `${courseId}/au` };
}

/**
 * cmi5 §13.1.4: with a test, the LMS moves on when the learner has completed the course and
 * passed it (the same two statuses Moodle's SCORM completion reads); without one, completion.
 */
export function moveOnOf(course: Pick<Course, 'test'>): 'CompletedAndPassed' | 'Completed' {
  return course.test.passingScore > 0 ? 'CompletedAndPassed' : 'Completed';
}

/** `passingScore` (percent) as the decimal cmi5 wants, at most 4 places. */
export function masteryScoreOf(course: Pick<Course, 'test'>): string | null {
  return course.test.passingScore > 0 ? String(Number((course.test.passingScore / 100).toFixed(4))) : null;
}

export const cmi5: Target = {
  name: 'cmi5',
  playerEntry: 'cmi5',
  build(course, ctx) {
    const content = playerFiles(course, ctx, 'cmi5', { connectSrc: CMI5_CONNECT_SRC });
    const structure = template(ctx.assets, 'cmi5/cmi5.xml.hbs')({
      ...cmi5Ids(course, ctx.lang),
      lang: ctx.lang,
      title: ctx.localized.title,
      description: ctx.localized.description,
      moveOn: moveOnOf(course),
      masteryScore: masteryScoreOf(course),
    });
    const files = [{ path: 'cmi5.xml', contents: utf8(structure) }, ...content];
    return [{ path: `${course.id}-${ctx.lang}-cmi5.zip`, contents: packageZip(files) }];
  },
};
