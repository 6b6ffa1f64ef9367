/**
 * SCORM 2004 4th Edition: one SCO that runs the whole course, the manifest listing every
 * file, and the control schemas at the package root as ADL's packaging rules ask.
 */
import { packageZip, playerFiles, template, templateFolder, utf8 } from '../package-files.ts';
import type { Target } from '../target.ts';

export const scorm2004: Target = {
  name: 'scorm2004',
  playerEntry: 'scorm2004',
  build(course, ctx) {
    const controlFiles = templateFolder(ctx.assets, 'scorm2004/xsd');
    const content = playerFiles(course, ctx, 'scorm2004');
    const base = `${course.id}_${ctx.lang}`;
    const manifest = template(ctx.assets, 'scorm2004/imsmanifest.xml.hbs')({
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
    return [{ path: `${course.id}-${ctx.lang}-scorm2004.zip`, contents: packageZip(files) }];
  },
};
