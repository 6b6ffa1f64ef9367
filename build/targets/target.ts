/**
 * Every target has the same shape: a pure function from the course model (and the assets the
 * build prepared once) to files in memory. Only the CLI writes files.
 */
import type { PlayerCourse } from '../../player/course-data.ts';
import type { Course, Lang } from '../model.ts';

export interface OutputFile {
  /** Path relative to the output folder. */
  path: string;
  contents: Uint8Array;
}

/** The bundled player, built once per build and shared by every package target. */
export interface PlayerAssets {
  js: Uint8Array;
  css: Uint8Array;
}

export interface TargetContext {
  lang: Lang;
  /** The course as this language sees it. */
  localized: PlayerCourse;
  /** The bundled player for one LMS standard (`player/entries/<entry>.ts`), built once per build. */
  player(entry: string): Promise<PlayerAssets>;
  templatesDir: string;
  /** A variant's logo file, which packages carry beside the player; null when there is none. */
  logoFile?: string | null;
}

export type TargetName = 'scorm2004' | 'scorm12' | 'cmi5' | 'pptx' | 'xlsx';

export interface Target {
  name: TargetName;
  /** The player entry (`player/entries/<entry>.ts`) a package target embeds; none for manuscripts. */
  playerEntry?: string;
  build(course: Course, ctx: TargetContext): OutputFile[] | Promise<OutputFile[]>;
}
