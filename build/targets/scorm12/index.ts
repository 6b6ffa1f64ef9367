/**
 * SCORM 1.2: one SCO that runs the whole course (the same player as 2004, with the 1.2
 * adapter), an IMS CP 1.1.2 manifest listing every file, and the control schemas the
 * manifest's schemaLocation names at the package root.
 */
import { SCORM12 } from '../../../player/spec/scorm12.ts';
import type { Course, SourcePos } from '../../model.ts';
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
  rule: 'Scorm12ChoiceId';
  pos: SourcePos;
  message: string;
}

/**
 * 1.2 sends a choice response as single characters 0-9 / a-z (`a,c`), and the player sends
 * choice ids as they are. A longer id still reaches scorm-again and Moodle (they store any
 * CMIFeedback), but a strict 1.2 LMS refuses it: a warning, not an error.
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
  return out;
}
