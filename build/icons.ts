/**
 * The course's icon set: lucide (npm `lucide-static`, ISC licence), one SVG file per icon. Lessons
 * name icons (`:ear:`); the build reads only those, so a package carries only the icons it
 * uses. Read here, once per name, and handed to the targets in the course model (`course.icons`),
 * so the targets stay pure.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export interface IconSet {
  /** The icon's SVG markup, normalised (no comment, no class, no fixed size), or null when the set has no such icon. */
  svg(name: string): string | null;
  /** Every name in the set, for did-you-mean. */
  names(): string[];
  /** The set's name and licence, for the notices a package carries. */
  notice: string;
}

const namePattern = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

function iconsDir(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('lucide-static/package.json')), 'icons');
}

/** An SVG file of the set as the course writes it inline: one line, sized by its container. */
export function normaliseIconSvg(file: string): string {
  return file
    .replace(/<!--[\s\S]*?-->/g, '')
    // The root's class and fixed size only: a <rect> inside needs its own width and height.
    .replace(/<svg\b[^>]*>/, (root) => root.replace(/\s+class="[^"]*"/, '').replace(/\s+(width|height)="[^"]*"/g, ''))
    .replace(/>\s+</g, '><')
    .replace(/\s+/g, ' ')
    .replace(/ \/>/g, '/>')
    .trim();
}

let lucide: IconSet | null = null;

export function lucideIcons(): IconSet {
  if (lucide) return lucide;
  const dir = iconsDir();
  const cache = new Map<string, string | null>();
  let all: string[] | null = null;
  lucide = {
    svg(name) {
      if (!namePattern.test(name)) return null;
      if (!cache.has(name)) {
        let svg: string | null = null;
        try {
          svg = normaliseIconSvg(readFileSync(path.join(dir, `${name}.svg`), 'utf8'));
        } catch {
          svg = null;
        }
        cache.set(name, svg);
      }
      return cache.get(name)!;
    },
    names() {
      all ??= readdirSync(dir)
        .filter((f) => f.endsWith('.svg'))
        .map((f) => f.slice(0, -4));
      return all;
    },
    notice: 'Icons: Lucide (https://lucide.dev), ISC License, Copyright (c) 2026 Lucide Icons and Contributors.',
  };
  return lucide;
}
