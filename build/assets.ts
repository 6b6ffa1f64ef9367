/**
 * The assets the targets need besides the course, read from the project once: every file under
 * templates/ and the player bundled per LMS standard. Targets receive them in their context and
 * never read files themselves; watch mode keeps them and replaces only what a change touched.
 */
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from './paths.ts';
import { bundlePlayer } from './player-bundle.ts';
import { SourceTree, type SkippedEntry } from './sources.ts';
import type { PlayerAssets, TargetAssets } from './targets/target.ts';

export { projectRoot };
export const defaultTemplatesDir = path.join(projectRoot, 'templates');
export const defaultPlayerDir = path.join(projectRoot, 'player');

/** Files larger than this are not read at all (a source is far smaller; the loaders say how much). */
const MAX_READ_BYTES = 32 * 1024 * 1024;
const utf8 = new TextDecoder('utf-8', { fatal: true });
// C0 and C1 controls and DEL: a name holding one could rewrite the terminal it is printed on.
const controlInName = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Every ordinary file under `dir`, and what else the walk met without reading it. A symbolic
 * link is never followed, to a file or a folder, so nothing outside `dir` is ever read; a file
 * is opened without following links, so one swapped in after the listing is refused too. Names
 * are read as bytes, so a name that is not UTF-8 is reported rather than misread. Hidden
 * entries (`.git`, editors' swap files) are not sources and are passed over.
 */
function walkTree(dir: string): { files: Map<string, Uint8Array>; skipped: SkippedEntry[] } {
  const files = new Map<string, Uint8Array>();
  const skipped: SkippedEntry[] = [];
  const noFollow = fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0) | (fs.constants.O_NONBLOCK ?? 0);
  const walk = (rel: string) => {
    const folder = rel ? path.join(dir, ...rel.split('/')) : dir;
    let names: Buffer[];
    try {
      names = fs.readdirSync(folder, { encoding: 'buffer' });
    } catch (e) {
      skipped.push({ path: rel, kind: 'unreadable', detail: (e as NodeJS.ErrnoException).code ?? String(e) });
      return;
    }
    const decoded: string[] = [];
    for (const raw of names) {
      let name: string;
      try {
        name = utf8.decode(raw);
      } catch {
        skipped.push({ path: rel, kind: 'name', detail: escapeName(raw) });
        continue;
      }
      if (name.startsWith('.')) continue;
      if (controlInName.test(name)) skipped.push({ path: rel, kind: 'name', detail: escapeName(raw) });
      else decoded.push(name);
    }
    decoded.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const name of decoded) {
      const child = rel ? `${rel}/${name}` : name;
      const full = path.join(folder, name);
      let st: fs.Stats;
      try {
        st = fs.lstatSync(full);
      } catch (e) {
        skipped.push({ path: child, kind: 'unreadable', detail: (e as NodeJS.ErrnoException).code ?? String(e) });
        continue;
      }
      if (st.isSymbolicLink()) skipped.push({ path: child, kind: 'symlink' });
      else if (st.isDirectory()) walk(child);
      else if (!st.isFile()) skipped.push({ path: child, kind: 'special' });
      else if (st.size > MAX_READ_BYTES) skipped.push({ path: child, kind: 'large', detail: String(st.size) });
      else {
        try {
          const fd = fs.openSync(full, noFollow);
          try {
            if (fs.fstatSync(fd).isFile()) files.set(child, new Uint8Array(fs.readFileSync(fd)));
            else skipped.push({ path: child, kind: 'special' });
          } finally {
            fs.closeSync(fd);
          }
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          // ELOOP: it became a link between the listing and the reading.
          skipped.push(code === 'ELOOP' ? { path: child, kind: 'symlink' } : { path: child, kind: 'unreadable', detail: code ?? String(e) });
        }
      }
    }
  };
  walk('');
  return { files, skipped };
}

/** A file name as it can be printed: control characters as \uNNNN, and bytes that are not UTF-8 as \xNN. */
function escapeName(raw: Buffer): string {
  let text: string;
  try {
    text = utf8.decode(raw);
  } catch {
    return [...raw].map((b) => (b >= 0x20 && b < 0x7f && b !== 0x5c ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`)).join('');
  }
  return [...text].map((ch) => (controlInName.test(ch) || ch === '\\' ? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}` : ch)).join('');
}

/** Every ordinary file under `dir`, by its path relative to `dir` with `/` separators, sorted; links are not followed. */
export function readTree(dir: string): Map<string, Uint8Array> {
  return walkTree(dir).files;
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

/**
 * A course folder read into memory for `compile`; an empty tree when the folder is missing.
 * What is not an ordinary file (a link, a pipe, a name that cannot be printed) is not read; the
 * tree lists it, and loading the tree reports it.
 */
export function readSources(contentDir: string): SourceTree {
  const root = path.resolve(contentDir);
  if (!fs.existsSync(root)) return new SourceTree(root, new Map());
  const { files, skipped } = walkTree(root);
  return new SourceTree(root, files, skipped);
}
