/**
 * The manuscript's look, from the course's four theme colours: the tints and the text colour
 * on each fill are derived, so another course's colours give a readable deck too.
 */
import type { Course } from '../../model.ts';

/** `#RRGGBB` → `RRGGBB`, as pptxgenjs wants it. */
const hex = (c: string): string => c.replace(/^#/, '').toUpperCase();

function rgb(c: string): [number, number, number] {
  const h = hex(c);
  return [parseInt(h.slice(0, 2), 16), parseInt(h.slice(2, 4), 16), parseInt(h.slice(4, 6), 16)];
}

/** `amount` of `a` over `b` (0 gives b, 1 gives a). */
export function mix(a: string, b: string, amount: number): string {
  const [ar, ag, ab] = rgb(a);
  const [br, bg, bb] = rgb(b);
  const m = (x: number, y: number) => Math.round(x * amount + y * (1 - amount)).toString(16).padStart(2, '0');
  return `${m(ar, br)}${m(ag, bg)}${m(ab, bb)}`.toUpperCase();
}

function luminance(c: string): number {
  const lin = (v: number) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  const [r, g, b] = rgb(c).map(lin) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio of two colours. */
export function contrast(a: string, b: string): number {
  const [l1, l2] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (l1 + 0.05) / (l2 + 0.05);
}

/** The more readable of the theme's text colour and white on a fill. */
function textOn(fill: string, text: string): string {
  return contrast(text, fill) >= contrast('FFFFFF', fill) ? hex(text) : 'FFFFFF';
}

export interface Palette {
  primary: string;
  accent: string;
  text: string;
  background: string;
  /** Text on the primary colour (title and section slides, table headers). */
  onPrimary: string;
  /** Quieter text on the primary colour (subtitles, footers of dark slides). */
  onPrimaryMuted: string;
  /** Footers and captions on the background. */
  muted: string;
  /** Shading of case boxes and of every other table row. */
  tint: string;
  /** Outline of case boxes and table rules. */
  rule: string;
  /** Bullets and the short rule under titles: the accent colour when it reads on the background. */
  mark: string;
  /** Text on the accent colour (the warning column of a comparison). */
  onAccent: string;
  /** Shading of what the accent colour marks (the warning column's body, a customer's words). */
  accentTint: string;
  /** A colour between the two ends of a comparison: the middle column of three. */
  neutral: string;
  onNeutral: string;
  neutralTint: string;
}

/** A colour of the palette, by its role; the plan names roles, the renderer looks them up. */
export type Tone = keyof Palette;

export function palette(course: Course): Palette {
  const { primary, accent, text, background } = course.theme;
  const onPrimary = textOn(primary, text);
  return {
    primary: hex(primary),
    accent: hex(accent),
    text: hex(text),
    background: hex(background),
    onPrimary,
    onPrimaryMuted: mix(onPrimary, primary, 0.8),
    muted: mix(text, background, 0.7),
    tint: mix(primary, background, 0.08),
    rule: mix(primary, background, 0.3),
    mark: contrast(accent, background) >= 3 ? hex(accent) : hex(primary),
    onAccent: textOn(accent, text),
    accentTint: mix(accent, background, 0.08),
    neutral: mix(text, background, 0.62),
    onNeutral: textOn(mix(text, background, 0.62), text),
    neutralTint: mix(text, background, 0.05),
  };
}
