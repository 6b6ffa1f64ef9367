/**
 * SCORM 1.2: one SCO that runs the whole course (the same player as 2004, with the 1.2
 * adapter), an IMS CP 1.1.2 manifest listing every file, and the control schemas the
 * manifest's schemaLocation names at the package root.
 */
import fs from 'node:fs';
import path from 'node:path';
import { SCORM12 } from '../../../player/lms/scorm12-limits.ts';
import type { Course, SourcePos } from '../../model.ts';
import { playerFiles, template, utf8, zip } from '../package-files.ts';
import type { OutputFile, Target } from '../target.ts';

export const scorm12: Target = {
  name: 'scorm12',
  playerEntry: 'scorm12',
  async build(course, ctx) {
    // imscp_rootv1p1p2.xsd and adlcp_rootv1p2.xsd, plus ims_xml.xsd that the first imports.
    const xsdDir = path.join(ctx.templatesDir, 'scorm12', 'xsd');
    const controlFiles: OutputFile[] = fs
      .readdirSync(xsdDir)
      .sort()
      .map((f) => ({ path: f, contents: fs.readFileSync(path.join(xsdDir, f)) }));
    const content = await playerFiles(ctx, 'scorm12');
    const base = `${course.id}_${ctx.lang}`;
    const manifest = template(ctx, 'scorm12/imsmanifest.xml.hbs')({
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
    return [{ path: `${course.id}-${ctx.lang}-scorm12.zip`, contents: zip(files) }];
  },
};

/** Something a strict SCORM 1.2 LMS would refuse that the build can see; for the build to report. */
export interface Scorm12Problem {
  /** Proposed catalog name: `Scorm12ChoiceId`. */
  rule: 'Scorm12ChoiceId';
  severity: 'warning';
  pos: SourcePos;
  message: string;
  hint: string;
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
    const bad = q.choices.map((c) => c.id).filter((id) => !SCORM12.responseChar.test(id));
    if (bad.length) {
      out.push({
        rule: 'Scorm12ChoiceId',
        severity: 'warning',
        pos: q.pos,
        message: `The question "${q.id}" has choice id${bad.length > 1 ? 's' : ''} ${bad.map((id) => `"${id}"`).join(', ')}; SCORM 1.2 sends a choice as one character (0-9 or a-z), so a strict 1.2 LMS refuses the answer.`,
        hint: 'Name the choices a, b, c… (one lower-case letter or digit each).',
      });
    }
  }
  return out;
}
