/**
 * The assets the targets need besides the course, read from the project once: every file under
 * templates/ and the player bundled per LMS standard. Targets receive them in their context and
 * never read files themselves; watch mode keeps them and replaces only what a change touched.
 */
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from './paths.ts';
import { bundlePlayer } from './player-bundle.ts';
import { SourceTree } from './sources.ts';
import type { PlayerAssets, TargetAssets } from './targets/target.ts';

export { projectRoot };
export const defaultTemplatesDir = path.join(projectRoot, 'templates');
export const defaultPlayerDir = path.join(projectRoot, 'player');

/** Every file under `dir`, by its path relative to `dir` with `/` separators, sorted. */
export function readTree(dir: string): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  const walk = (rel: string) => {
    const entries = fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(child);
      else if (e.isFile()) files.set(child, new Uint8Array(fs.readFileSync(path.join(dir, child))));
    }
  };
  walk('');
  return files;
}

export function readTemplates(templatesDir = defaultTemplatesDir): Map<string, Uint8Array> {
  return readTree(templatesDir);
}

/** Bundles each entry once; the promises start esbuild at once (it runs in its own process). */
export function bundlePlayers(entries: Iterable<string>, playerDir = defaultPlayerDir): Map<string, Promise<PlayerAssets>> {
  const out = new Map<string, Promise<PlayerAssets>>();
  for (const entry of entries) if (!out.has(entry)) out.set(entry, bundlePlayer(playerDir, entry));
  return out;
}

/** Awaits the bundles into the form targets take. */
export async function settlePlayers(bundles: Map<string, Promise<PlayerAssets>>): Promise<Map<string, PlayerAssets>> {
  const out = new Map<string, PlayerAssets>();
  for (const [entry, p] of bundles) out.set(entry, await p);
  return out;
}

/** Templates and every player bundle read from the project, for callers that want all of them. */
export async function loadTargetAssets(opts: { templatesDir?: string; playerDir?: string; entries: Iterable<string> }): Promise<TargetAssets> {
  const players = bundlePlayers(opts.entries, opts.playerDir);
  return { templates: readTemplates(opts.templatesDir), players: await settlePlayers(players) };
}

/** A course folder read into memory for `compile`; an empty tree when the folder is missing. */
export function readSources(contentDir: string): SourceTree {
  const root = path.resolve(contentDir);
  return new SourceTree(root, fs.existsSync(root) ? readTree(root) : new Map());
}
