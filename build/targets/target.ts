/**
 * Every target has the same shape: a pure function from the course model and the assets the
 * build preloaded (templates, control schemas, the bundled players, a variant's logo) to files
 * in memory. Targets never read or write files: `build/targets/` imports no `node:fs`.
 */
import type { PlayerCourse } from '../../player/spec/course-data.ts';
import type { Course, Lang } from '../model.ts';

export interface OutputFile {
  /** Path relative to the output folder. */
  path: string;
  contents: Uint8Array;
}

/** The bundled player for one LMS standard. */
export interface PlayerAssets {
  js: Uint8Array;
  css: Uint8Array;
  /**
   * The same player with the controls of recorded narration (player/recording.ts), for a package
   * that carries recordings: `js` and `css` leave them out. build/player-bundle.ts makes both.
   */
  recordings?: { js: Uint8Array; css: Uint8Array };
}

/**
 * What the targets read besides the course, loaded once by the caller of `compile`
 * (build/assets.ts reads them from the project; watch mode replaces what changed).
 */
export interface TargetAssets {
  /** Every file under templates/, by its path relative to that folder with `/` separators. */
  templates: ReadonlyMap<string, Uint8Array>;
  /** The bundled player per entry (`player/entries/<entry>.ts`), bundled before the targets run. */
  players: ReadonlyMap<string, PlayerAssets>;
}

export interface TargetContext {
  lang: Lang;
  /** The course as this language sees it. */
  localized: PlayerCourse;
  assets: TargetAssets;
  /** A variant's logo, which packages carry beside the player; null when there is none. */
  logo: Uint8Array | null;
}

export type TargetName = 'scorm2004' | 'scorm12' | 'cmi5' | 'pptx' | 'xlsx';

export interface Target {
  name: TargetName;
  /** The player entry (`player/entries/<entry>.ts`) a package target embeds; none for manuscripts. */
  playerEntry?: string;
  build(course: Course, ctx: TargetContext): OutputFile[] | Promise<OutputFile[]>;
}
