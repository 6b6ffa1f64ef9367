/**
 * SCORM 1.2: one SCO that runs the whole course (the same player as 2004, with the 1.2
 * adapter), an IMS CP 1.1.2 manifest listing every file, and the control schemas the
 * manifest's schemaLocation names at the package root.
 */
import { DONT_KNOW } from '../../../player/spec/course-data.ts';
import { SCORM12, surveyChars } from '../../../player/spec/scorm12.ts';
import type { Course, SourcePos } from '../../model.ts';
import { optionsAt } from '../../validate/index.ts';
import { packageZip, playerFiles, template, templateFolder, utf8 } from '../package-files.ts';
import type { Target } from '../target.ts';

export const scorm12: Target = {
  name: 'scorm12',
  playerEntry: 'scorm12',
  build(course, ctx) {
    // imscp_rootv1p1p2.xsd and adlcp_rootv1p2.xsd, plus ims_xml.xsd that the first imports.
    const controlFiles = templateFolder(ctx.assets, 'scorm12/xsd');
    const content = playerFiles(course, ctx, 'scorm12');
    const base = `${course.id}_${ctx.lang}`;
    const manifest = template(ctx.assets, 'scorm12/imsmanifest.xml.hbs')({
      manifestId: `${base}_scorm12_manifest`,
      version: course.version,
      orgId: `${base}_org`,
      itemId: `${base}_item`,
      resourceId: `${base}_sco`,
      // The LMS hands it back as cmi.student_data.mastery_score (0–100); the player then
      // grades against it, and Moodle recomputes passed/failed from it at LMSFinish.
      masteryScore: String(course.test.passingScore),
      title: ctx.localized.title,
      files: content.map((f) => f.path),
    });
    const files = [{ path: 'imsmanifest.xml', contents: utf8(manifest) }, ...content, ...controlFiles];
    return [{ path: `${course.id}-${ctx.lang}-scorm12.zip`, contents: packageZip(files) }];
  },
};

/**
 * Something a strict SCORM 1.2 LMS would refuse that the build can see: only what is particular
 * to it; the build reports it under its rule, with the catalog's severity and hint.
 */
export interface Scorm12Problem {
  rule: 'Scorm12ChoiceId' | 'TooManyOptions';
  pos: SourcePos;
  message: string;
}

/**
 * 1.2 sends a choice or Likert response as single characters 0-9 / a-z (`a,c`). A question's
 * choice ids go as they are: a longer id still reaches scorm-again and Moodle (they store any
 * CMIFeedback), but a strict 1.2 LMS refuses it, so that is a warning. A survey item's answers
 * are numbered by their place (`surveyChars`), which runs out after 36: answers that would share
 * a character could not be told apart in any LMS, so that is an error.
 */
export function scorm12Problems(course: Course): Scorm12Problem[] {
  const out: Scorm12Problem[] = [];
  for (const q of course.questions) {
    if (q.type === 'true-false') continue; // sent as t / f
    const bad = q.choices.map((c) => c.id).filter((id) => !SCORM12.formats['CMIFeedback choice'].test(id));
    if (bad.length) {
      out.push({
        rule: 'Scorm12ChoiceId',
        pos: q.pos,
        message: `The question "${q.id}" has choice id${bad.length > 1 ? 's' : ''} ${bad.map((id) => `"${id}"`).join(', ')}; SCORM 1.2 sends a choice as one character (0-9 or a-z), so a strict 1.2 LMS refuses the answer.`,
      });
    }
  }
  // A survey item's answers go as one character each, numbered by the player's own mapping:
  // every answer the item offers must get a character of its own.
  for (const item of course.survey.items) {
    if (item.type === 'text') continue;
    const offered =
      item.type === 'choice'
        ? item.options.map((o) => o.id)
        : [...(course.survey.scales.find((sc) => sc.id === item.scale)?.points.map((p) => p.id) ?? []), ...(item.dontKnow ? [DONT_KNOW] : [])];
    const chars = surveyChars(item.type, offered);
    const distinct = new Set(offered.map((id) => chars.get(id)));
    const fits = offered.every((id) => SCORM12.formats['CMIFeedback choice'].test(chars.get(id) ?? '')) && distinct.size === offered.length;
    if (!fits) {
      const list = item.type === 'choice' && item.optionsFrom ? ` (from "${item.optionsFrom}")` : '';
      out.push({
        rule: 'TooManyOptions',
        pos: (item.type === 'choice' && optionsAt.get(item)) || item.pos,
        message: `The survey item "${item.id}" offers ${offered.length} answers${list}; SCORM 1.2 sends an answer as one character (0-9 or a-z), which has room for 36.`,
      });
    }
  }
  return out;
}
