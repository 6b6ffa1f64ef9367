/**
 * What every LMS package carries: the player's HTML shell with the course data embedded,
 * and the bundled player. Standards add their manifest and control files on top.
 */
import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { zipSync } from 'fflate';
import type { OutputFile, TargetContext } from './target.ts';

const templates = new Map<string, HandlebarsTemplateDelegate>();

/** A template from templates/, compiled once per process. */
export function template(ctx: { templatesDir: string }, name: string): HandlebarsTemplateDelegate {
  const file = path.join(ctx.templatesDir, name);
  let t = templates.get(file);
  if (!t) {
    t = Handlebars.compile(fs.readFileSync(file, 'utf8'), { strict: true });
    templates.set(file, t);
  }
  return t;
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
export async function playerFiles(ctx: TargetContext, entry: string, opts: { connectSrc?: string } = {}): Promise<OutputFile[]> {
  const logo = ctx.logoFile;
  const player = await ctx.player(entry);
  const html = template(ctx, 'player.html.hbs')({
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
  if (logo && ctx.localized.logo) files.push({ path: ctx.localized.logo.src, contents: fs.readFileSync(logo) });
  return files;
}

/** A fixed date for every entry, so the same sources always give the same bytes. */
const zipDate = new Date(Date.UTC(2020, 0, 1));

export function zip(files: OutputFile[]): Uint8Array {
  const entries: Record<string, [Uint8Array, { mtime: Date }]> = {};
  for (const f of [...files].sort((a, b) => a.path.localeCompare(b.path))) entries[f.path] = [f.contents, { mtime: zipDate }];
  return zipSync(entries, { level: 9 });
}
