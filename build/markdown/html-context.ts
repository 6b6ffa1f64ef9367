/**
 * What the player's HTML of a slide needs besides its Markdown: the course's language (phrase
 * wrapping, number formats), the icons' SVG, the sources a stat cites and the images' sizes.
 * `renderHtml` holds it for the length of one synchronous render, so that marked's renderers
 * (which take no arguments of ours) can read it.
 */
export interface HtmlContext {
  lang: string;
  /** The icon's SVG markup (the build's own, from the icon set), or null for a name the set does not have. */
  icon(name: string): string | null;
  /** A source of course.yaml as the course's language names it, or null. */
  source(id: string): { title: string; publisher: string | null; url: string | null; date: string | null } | null;
  /** An image of the course folder (`images/…`): its size in pixels, or null when there is no such image. */
  image(src: string): { width: number; height: number } | null;
  /**
   * A label of ui.yaml in the course's language, placeholders filled, or null. Optional: a block
   * drawn without it leaves the label out (the hidden "opens in a new window" after a link).
   */
  ui?(key: string): string | null;
}

let current: HtmlContext | null = null;

/** The context of the render in progress; null outside one (a question's text, a label). */
export function htmlContext(): HtmlContext | null {
  return current;
}

/** Runs `render` with `ctx` as the context; renders do not nest, so one slot is enough. */
export function withHtmlContext<T>(ctx: HtmlContext | undefined, render: () => T): T {
  const previous = current;
  current = ctx ?? null;
  try {
    return render();
  } finally {
    current = previous;
  }
}
