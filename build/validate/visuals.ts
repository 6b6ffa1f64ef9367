/**
 * What the lessons' visual blocks and pictures need from outside the slide: icons from the icon
 * set, sources that stats cite, picture files in the course folder. Each use is checked where it
 * is written; the icons' SVG and the pictures' bytes go into the course model for the targets.
 */
import path from 'node:path';
import { didYouMean, type Diagnostics } from '../diagnostics.ts';
import { lucideIcons } from '../icons.ts';
import type { ParsedLesson } from '../load/lesson-markdown.ts';
import type { CourseImage } from '../model.ts';
import type { SourceTree } from '../sources.ts';

/** Above this a picture is reported: every learner downloads it with the package. */
export const IMAGE_WARN_BYTES = 300 * 1024;

/** The type and pixel size a PNG or JPEG file's header declares, or null for anything else. */
export function imageHeader(bytes: Uint8Array): Pick<CourseImage, 'type' | 'width' | 'height'> | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // PNG: the signature, then the IHDR chunk with width and height.
  if (bytes.length >= 24 && view.getUint32(0) === 0x89504e47 && view.getUint32(4) === 0x0d0a1a0a && view.getUint32(12) === 0x49484452) {
    return { type: 'png', width: view.getUint32(16), height: view.getUint32(20) };
  }
  // JPEG: markers up to the first start-of-frame, which holds height then width.
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8) {
    let at = 2;
    while (at + 9 < bytes.length) {
      if (bytes[at] !== 0xff) return null;
      const marker = bytes[at + 1]!;
      const length = view.getUint16(at + 2);
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { type: 'jpeg', height: view.getUint16(at + 5), width: view.getUint16(at + 7) };
      }
      at += 2 + length;
    }
  }
  return null;
}

export function checkVisualUses(files: ParsedLesson[], tree: SourceTree, sourceIds: Set<string>, diags: Diagnostics): { icons: Record<string, string>; images: Record<string, CourseImage> } {
  const icons: Record<string, string> = {};
  const images: Record<string, CourseImage> = {};
  const set = lucideIcons();
  for (const f of files) {
    for (const slide of f.slides) {
      for (const use of slide.icons) {
        const svg = set.svg(use.name);
        if (svg) icons[use.name] = svg;
        else diags.report('UnknownIcon', use.at, `The icon set has no icon ":${use.name}:".${didYouMean(use.name, set.names())}`);
      }
      for (const use of slide.statSources) {
        if (!sourceIds.has(use.id)) diags.report('UnknownSource', use.at, `The stat cites "${use.id}", which course.yaml does not define.${didYouMean(use.id, sourceIds)}`);
      }
      for (const use of slide.images) {
        if (!use.alt.trim()) diags.report('ImageWithoutAlt', use.at, `The picture "${use.src}" has no description.`);
        const rel = path.posix.normalize(use.src.replace(/\\/g, '/'));
        if (rel !== use.src || !rel.startsWith("images/")) {
          diags.report('ImageNotFound', use.at, `The picture "${use.src}" is not a file under images/ in the course folder.`);
          continue;
        }
        const bytes = tree.bytes(rel);
        if (!bytes) {
          diags.report('ImageNotFound', use.at, `There is no file ${rel} in the course folder.`);
          continue;
        }
        const header = imageHeader(bytes);
        if (!header) {
          diags.report('ImageFormat', use.at, `${rel} is not a PNG or JPEG file.`);
          continue;
        }
        if (bytes.length > IMAGE_WARN_BYTES) diags.report('ImageTooLarge', use.at, `${rel} is ${Math.round(bytes.length / 1024)} KB, more than the ${IMAGE_WARN_BYTES / 1024} KB a picture should take.`);
        images[use.src] = { ...header, bytes };
      }
    }
  }
  return { icons, images };
}
