/** Running targets directly, as the build does, for tests that want one target's files. */
import { loadTargetAssets, readTemplates } from '../../build/assets.ts';
import { localize } from '../../build/course/localize.ts';
import type { Course, Lang } from '../../build/model.ts';
import type { TargetAssets, TargetContext } from '../../build/targets/target.ts';

/**
 * The templates without any player: enough for the manuscripts, which embed none, and a
 * package target asked to run on it fails saying which player is missing.
 */
export function manuscriptAssets(): TargetAssets {
  return { templates: readTemplates(), players: new Map() };
}

/** Templates and the bundled players the given entries need (bundling takes a second or two). */
export function packageAssets(entries: Iterable<string>): Promise<TargetAssets> {
  return loadTargetAssets({ entries });
}

/** The context a target gets for one language of `course`; no logo unless given. */
export function targetContext(course: Course, lang: Lang, assets: TargetAssets = manuscriptAssets(), logo: Uint8Array | null = null): TargetContext {
  return { lang, localized: localize(course, lang), assets, logo };
}
