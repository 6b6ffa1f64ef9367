/**
 * Icons as pictures for the deck. The course carries each icon as the SVG of its icon set
 * (`course.icons`, lucide: strokes in `currentColor`); PowerPoint 2016+ could show an SVG, but
 * LibreOffice and older PowerPoint need a bitmap, so every icon is drawn to a PNG here, in the
 * colour it sits in, with resvg (pure computation: no file is read). A deck uses the same icon
 * in the same colour many times, so each drawing is kept for the life of the process.
 */
import { Resvg } from '@resvg/resvg-js';

/** Width and height of an icon's bitmap: sharp at 0.8 in on a 200 dpi projector. */
export const ICON_PX = 160;

/**
 * The box of a checklist item that names no icon of its own. Drawn by the build, not taken from
 * the icon set: its description is `checkBox`, which no icon name can be (names are
 * lower-case, hyphenated), so a reader of the deck can tell decoration from a course icon.
 */
export const CHECK_BOX = {
  name: 'checkBox',
  svg: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><rect x="3.5" y="3.5" width="17" height="17" rx="3"/></svg>',
} as const;

const drawn = new Map<string, Uint8Array>();

/** The icon as a PNG, its strokes in `colour` (`RRGGBB`), `px` pixels square. */
export function iconPng(name: string, svg: string, colour: string, px = ICON_PX): Uint8Array {
  // The SVG is part of the key as well as the name: a variant may bring another icon set.
  const key = `${name}\u0000${colour}\u0000${px}\u0000${svg}`;
  let png = drawn.get(key);
  if (!png) {
    const coloured = svg.replace(/currentColor/g, `#${colour}`);
    png = new Resvg(coloured, { fitTo: { mode: 'width', value: px }, font: { loadSystemFonts: false }, background: 'rgba(0,0,0,0)' }).render().asPng();
    drawn.set(key, png);
  }
  return png;
}
