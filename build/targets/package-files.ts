/**
 * What every LMS package carries: the player's HTML shell with the course data embedded,
 * and the bundled player. Standards add their manifest and control files on top.
 */
import Handlebars from 'handlebars';
import type { OutputFile, TargetAssets, TargetContext } from './target.ts';
import { byPath, zip } from './zip.ts';

/**
 * Compiled templates, keyed by the source bytes they were compiled from: assets that bring a
 * changed template (watch mode) bring new bytes and get a fresh compile, and unchanged ones
 * are compiled once however many builds share them.
 */
const compiled = new WeakMap<Uint8Array, HandlebarsTemplateDelegate>();

const decoder = new TextDecoder();

/** A template from the assets (`templates/<name>` in the project). */
export function template(assets: TargetAssets, name: string): HandlebarsTemplateDelegate {
  const source = assets.templates.get(name);
  if (!source) throw new Error(`The template "${name}" is not among the build's assets; templates/${name} should exist.`);
  let t = compiled.get(source);
  if (!t) {
    t = Handlebars.compile(decoder.decode(source), { strict: true });
    compiled.set(source, t);
  }
  return t;
}

/**
 * The files directly under `templates/<dir>/` (the control schemas a manifest names), at the
 * package root, in name order.
 */
export function templateFolder(assets: TargetAssets, dir: string): OutputFile[] {
  const prefix = `${dir}/`;
  const files: OutputFile[] = [];
  for (const [rel, contents] of assets.templates) {
    if (rel.startsWith(prefix) && !rel.slice(prefix.length).includes('/')) files.push({ path: rel.slice(prefix.length), contents });
  }
  if (!files.length) throw new Error(`The build's assets hold no files under templates/${prefix}.`);
  return files.sort(byPath);
}

/** JSON that is safe inside a `<script>` element: no `</script>`, no `<!--`. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

const encoder = new TextEncoder();
export const utf8 = (s: string): Uint8Array => encoder.encode(s);

/**
 * `connectSrc` is the page's Content-Security-Policy for network requests: `'none'` for SCORM,
 * where the package talks to the LMS only through JavaScript; cmi5 names what its LRS needs.
 */
export function playerFiles(ctx: TargetContext, entry: string, opts: { connectSrc?: string } = {}): OutputFile[] {
  const player = ctx.assets.players.get(entry);
  if (!player) {
    const have = [...ctx.assets.players.keys()];
    throw new Error(`The "${entry}" player was not bundled (the assets hold ${have.length ? have.map((e) => `"${e}"`).join(', ') : 'none'}); bundle every target's playerEntry before running the targets.`);
  }
  const html = template(ctx.assets, 'player.html.hbs')({
    lang: ctx.lang,
    title: ctx.localized.title,
    noscript: ctx.localized.ui['noscript'] ?? '',
    connectSrc: opts.connectSrc ?? "'none'",
    courseJson: scriptJson(ctx.localized),
  });
  const files = [
    { path: 'index.html', contents: utf8(html) },
    { path: 'player.js', contents: player.js },
    { path: 'player.css', contents: player.css },
  ];
  if (ctx.logo && ctx.localized.logo) files.push({ path: ctx.localized.logo.src, contents: ctx.logo });
  return files;
}

/** An LMS package: its files in path order. */
export function packageZip(files: readonly OutputFile[]): Uint8Array {
  return zip([...files].sort(byPath));
}
