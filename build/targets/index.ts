/**
 * Every target, in build order. Kept apart from compile.ts so that a target worker (build/target-worker.ts) loads the
 * targets without the loaders and checks.
 */
import type { Target, TargetName } from './target.ts';

/**
 * Each target is loaded when first built, so a thread loads only what it builds. The player
 * entry is named here too (a test checks it is the target's own), so the player can be bundled
 * before any target is loaded.
 */
export const targets: Record<TargetName, { playerEntry?: string; load(): Promise<Target> }> = {
  scorm2004: { playerEntry: 'scorm2004', load: async () => (await import('./scorm2004/index.ts')).scorm2004 },
  scorm12: { playerEntry: 'scorm12', load: async () => (await import('./scorm12/index.ts')).scorm12 },
  cmi5: { playerEntry: 'cmi5', load: async () => (await import('./cmi5/index.ts')).cmi5 },
  pptx: { load: async () => (await import('./pptx/index.ts')).pptx },
  xlsx: { load: async () => (await import('./xlsx/index.ts')).xlsx },
};

export const targetNames = Object.keys(targets) as TargetName[];

/** The player entries the given targets embed. */
export function playerEntries(names: readonly TargetName[] = targetNames): string[] {
  return [...new Set(names.flatMap((n) => (targets[n].playerEntry ? [targets[n].playerEntry] : [])))];
}
