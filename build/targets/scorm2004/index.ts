/**
 * SCORM 2004 4th Edition: one SCO that runs the whole course, the manifest listing every
 * file, and the control schemas at the package root as ADL's packaging rules ask.
 */
import fs from 'node:fs';
import path from 'node:path';
import { playerFiles, template, utf8, zip } from '../package-files.ts';
import type { OutputFile, Target } from '../target.ts';

export const scorm2004: Target = {
  name: 'scorm2004',
  playerEntry: 'scorm2004',
  async build(course, ctx) {
    const xsdDir = path.join(ctx.templatesDir, 'scorm2004', 'xsd');
    const controlFiles: OutputFile[] = fs
      .readdirSync(xsdDir)
      .sort()
      .map((f) => ({ path: f, contents: fs.readFileSync(path.join(xsdDir, f)) }));
    const content = await playerFiles(ctx, 'scorm2004');
    const base = `${course.id}_${ctx.lang}`;
    const manifest = template(ctx, 'scorm2004/imsmanifest.xml.hbs')({
      manifestId: `${base}_manifest`,
      version: course.version,
      orgId: `${base}_org`,
      itemId: `${base}_item`,
      resourceId: `${base}_sco`,
      objectiveId: `${base}_passed`,
      minNormalizedMeasure: (course.test.passingScore / 100).toFixed(2),
      title: ctx.localized.title,
      files: content.map((f) => f.path),
    });
    const files = [{ path: 'imsmanifest.xml', contents: utf8(manifest) }, ...content, ...controlFiles];
    return [{ path: `${course.id}-${ctx.lang}-scorm2004.zip`, contents: zip(files) }];
  },
};
