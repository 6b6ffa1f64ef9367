/**
 * What every LMS package carries: the player's HTML shell with the course data embedded,
 * and the bundled player. Standards add their manifest and control files on top.
 */
import Handlebars from 'handlebars';
import { packageAudio } from '../course/localize.ts';
import { lucideIcons } from '../icons.ts';
import type { Course } from '../model.ts';
import { RECORDING_UI_KEYS, UI_KEYS } from '../../player/labels.ts';
import type { PlayerCourse } from '../../player/spec/course-data.ts';
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

/**
 * The course data as the player reads it: of the interface labels only those the player shows
 * (UI_KEYS), and those of a recording's controls only with recordings. The others (the link hint,
 * the sources' title, true and false, the noscript text) are the build's own, already rendered
 * into the HTML, and the data would carry them for nothing.
 */
function playerData(localized: PlayerCourse, recorded: boolean): PlayerCourse {
  const keys: readonly string[] = recorded ? UI_KEYS : UI_KEYS.filter((key) => !RECORDING_UI_KEYS.includes(key));
  return { ...localized, ui: Object.fromEntries(Object.entries(localized.ui).filter(([key]) => keys.includes(key))) };
}

const encoder = new TextEncoder();
export const utf8 = (s: string): Uint8Array => encoder.encode(s);

/**
 * `connectSrc` is the page's Content-Security-Policy for network requests: `'none'` for SCORM,
 * where the package talks to the LMS only through JavaScript; cmi5 names what its LRS needs.
 */
export function playerFiles(course: Course, ctx: TargetContext, entry: string, opts: { connectSrc?: string } = {}): OutputFile[] {
  const player = ctx.assets.players.get(entry);
  if (!player) {
    const have = [...ctx.assets.players.keys()];
    throw new Error(`The "${entry}" player was not bundled (the assets hold ${have.length ? have.map((e) => `"${e}"`).join(', ') : 'none'}); bundle every target's playerEntry before running the targets.`);
  }
  // Only a course whose data names a recording gets the player that can play one.
  const recorded = ctx.localized.lessons.flatMap((l) => l.slides).find((s) => s.audio)?.audio;
  const html = template(ctx.assets, 'player.html.hbs')({
    lang: ctx.lang,
    title: ctx.localized.title,
    noscript: ctx.localized.ui['noscript'] ?? '',
    connectSrc: opts.connectSrc ?? "'none'",
    courseJson: scriptJson(playerData(ctx.localized, recorded !== undefined)),
  });
  const code = recorded ? player.recordings : player;
  if (!code) throw new Error(`The "${entry}" player was bundled without the controls for recorded narration, and the ${ctx.lang} course has recordings (${recorded!.src}); bundle it with build/player-bundle.ts, which makes both.`);
  const files = [
    { path: 'index.html', contents: utf8(html) },
    { path: 'player.js', contents: code.js },
    { path: 'player.css', contents: code.css },
  ];
  if (ctx.logo && ctx.localized.logo) files.push({ path: ctx.localized.logo.src, contents: ctx.logo });
  // The lessons' pictures, at the paths the slides' HTML names (images/…, checked by the build).
  for (const [src, image] of Object.entries(course.images)) files.push({ path: src, contents: image.bytes });
  // The recorded narration of this language, at the paths the slides name (slide.audio.src).
  for (const a of packageAudio(course, ctx.lang)) files.push({ path: a.path, contents: a.audio.bytes });
  const notices = thirdPartyNotices(course);
  if (notices) files.push({ path: 'THIRD-PARTY-NOTICES.txt', contents: utf8(notices) });
  return files;
}

/**
 * The licences of what a package carries from others. The icons the slides draw inline are
 * Lucide's (ISC), some of them derived from Feather (MIT): both licences ask that their notice
 * go with every copy. A course that draws no icon carries nothing of theirs and no file.
 */
export function thirdPartyNotices(course: Course): string | null {
  const icons = Object.keys(course.icons).sort();
  if (!icons.length) return null;
  return [
    `This package draws these icons of the Lucide icon set: ${icons.join(', ')}.`,
    lucideIcons().notice,
    'Permission to use, copy, modify, and/or distribute this software for any purpose with or without fee is hereby granted, provided that the above copyright notice and this permission notice appear in all copies.',
    'THE SOFTWARE IS PROVIDED "AS IS" AND THE AUTHOR DISCLAIMS ALL WARRANTIES WITH REGARD TO THIS SOFTWARE INCLUDING ALL IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS. IN NO EVENT SHALL THE AUTHOR BE LIABLE FOR ANY SPECIAL, DIRECT, INDIRECT, OR CONSEQUENTIAL DAMAGES OR ANY DAMAGES WHATSOEVER RESULTING FROM LOSS OF USE, DATA OR PROFITS, WHETHER IN AN ACTION OF CONTRACT, NEGLIGENCE OR OTHER TORTIOUS ACTION, ARISING OUT OF OR IN CONNECTION WITH THE USE OR PERFORMANCE OF THIS SOFTWARE.',
    'Some Lucide icons are derived from the Feather project (https://feathericons.com): The MIT License (MIT), Copyright (c) 2013-present Cole Bemis.',
    'Permission is hereby granted, free of charge, to any person obtaining a copy of this software and associated documentation files (the "Software"), to deal in the Software without restriction, including without limitation the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of the Software, and to permit persons to whom the Software is furnished to do so, subject to the following conditions: The above copyright notice and this permission notice shall be included in all copies or substantial portions of the Software.',
    'THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.',
  ].join('\n\n') + '\n';
}

/** An LMS package: its files in path order. */
export function packageZip(files: readonly OutputFile[]): Uint8Array {
  return zip([...files].sort(byPath));
}
