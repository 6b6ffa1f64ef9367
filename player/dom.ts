/// <reference lib="dom" />
/** A tiny element builder: no framework, just what the screens need. */

export type Child = Node | string | number | null | undefined | false | Child[];
type Handler = (event: Event) => void;
export type Props = Record<string, string | number | boolean | Handler | null | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props?: Props | null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), value);
    } else if (key === 'html') {
      el.innerHTML = String(value); // trusted HTML rendered by the build
    } else if (key === 'class') {
      el.className = String(value);
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el: Node, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.appendChild(typeof c === 'object' ? c : document.createTextNode(String(c)));
  }
}

let uid = 0;
/** Unique ids for label/description references. */
export function nextId(prefix: string): string {
  return `${prefix}-${++uid}`;
}

/**
 * Moves focus without scrolling any page but the course's own. In an LMS the course runs in a
 * frame, and the browser's scrolling into view on focus scrolls the LMS's page too: in Moodle
 * 4.5 every screen change pushed its "Exit activity" button half out of view. `top`: the course's
 * page goes back to its top (a new screen), else it scrolls only as far as shows the element
 * clear of the save status bar.
 */
export function focusQuietly(el: HTMLElement, top = false): void {
  el.focus({ preventScroll: true });
  if (top) {
    window.scrollTo(0, 0);
    return;
  }
  // What the save status bar covers at the foot of the window is not in view (player.css).
  const covered = parseFloat(getComputedStyle(document.documentElement).scrollPaddingBottom) || 0;
  const visible = window.innerHeight - covered;
  const r = el.getBoundingClientRect();
  if (r.top < 0 || r.bottom > visible) window.scrollBy(0, r.top - Math.max(0, (visible - r.height) / 2));
}
