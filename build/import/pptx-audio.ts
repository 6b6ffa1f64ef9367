/**
 * Narration recorded in PowerPoint. "Record Slide Show" (and Insert → Audio → Record Audio)
 * stores each slide's recording the same way: the sound as a media part (ppt/media/media1.m4a),
 * a picture on the slide that carries it — its non-visual properties name the part twice, as
 * `a:audioFile r:link` (a relationship of type …/audio) and, for PowerPoint 2010 and later, as
 * `p14:media r:embed` (type …/2007/relationships/media) — and a timing node that plays it when
 * the slide opens. LibreOffice keeps the picture and the media part when it re-saves the deck.
 * This reads, for a slide, the recordings it carries: what the import turns into the variant's
 * audio files.
 */
import path from 'node:path';
import type { OoxmlPackage } from './package.ts';
import { find, findAll, kid, type XmlElement } from './xml.ts';

export interface SlideRecording {
  /** The media part inside the deck (`ppt/media/media3.m4a`). */
  media: string;
  /** The picture's name on the slide (PowerPoint: "Audio Recording …" or the file's name). */
  shape: string;
  /** The media's content type as the package declares it (`audio/mp4`, `audio/x-wav` …). */
  contentType: string | null;
  /** The media's extension, lower case, without the dot. */
  ext: string;
  bytes: Uint8Array;
}

const audioRel = /\/relationships\/audio$/;
const mediaRel = /^http:\/\/schemas\.microsoft\.com\/office\/2007\/relationships\/media$/;

/** The relationship ids a picture's non-visual properties give for its sound, most specific first. */
function soundRefs(pic: XmlElement): string[] {
  const nvPr = find(kid(pic, 'p:nvPicPr'), 'p:nvPr');
  if (!nvPr) return [];
  const refs: string[] = [];
  for (const media of findAll(nvPr, 'p14:media')) if (media.attrs['r:embed']) refs.push(media.attrs['r:embed']);
  for (const audio of findAll(nvPr, 'a:audioFile')) if (audio.attrs['r:link']) refs.push(audio.attrs['r:link']);
  return refs;
}

/**
 * The recordings on one slide part, in the order the slide draws them. A sound linked to a file
 * outside the deck (TargetMode External) is not the deck's and is left out, as is a reference
 * to a part the package lacks.
 */
export function slideRecordings(pkg: OoxmlPackage, slidePart: string): SlideRecording[] {
  const rels = new Map(pkg.rels(slidePart).map((r) => [r.id, r]));
  const found: SlideRecording[] = [];
  const seen = new Set<string>();
  for (const pic of findAll(pkg.xml(slidePart), 'p:pic')) {
    for (const id of soundRefs(pic)) {
      const rel = rels.get(id);
      if (!rel || rel.external || !(audioRel.test(rel.type) || mediaRel.test(rel.type))) continue;
      if (seen.has(rel.target)) break;
      const bytes = pkg.bytes(rel.target);
      if (!bytes) continue;
      const contentType = pkg.contentType(rel.target);
      // A video also uses p14:media; only sound is narration.
      if (contentType && !contentType.startsWith('audio/')) break;
      seen.add(rel.target);
      found.push({ media: rel.target, shape: find(pic, 'p:cNvPr')?.attrs['name'] ?? '', contentType, ext: path.posix.extname(rel.target).slice(1).toLowerCase(), bytes });
      break;
    }
  }
  return found;
}
