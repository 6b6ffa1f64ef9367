/**
 * What "visible" means for the benchmark, measured inside the page: the screen's own text
 * painted, not the page having loaded. The probe is installed in every frame of a bench page
 * before the page's scripts run; in the course frame it watches the DOM until `main h1` holds
 * the text the bench expects (then reports on the next animation frame, as the browser paints
 * it) or until the player shows its error screen (`[role=alert]`, player/main.ts).
 */
import type { BrowserContext, Page } from 'playwright-core';

/** One report of the probe, in the top page's `benchSeen` list. */
export type Seen =
  | { kind: 'visible'; text: string; at: number; notices: string[] }
  | { kind: 'alert'; text: string; at: number };

interface ProbeArgs {
  /** The package the preview page opens first (it reads `preview:package` from localStorage). */
  packageKey: string;
  /** The `main h1` text the first launch must show. */
  expect: string;
}

/** Serialised by Playwright into each frame: self-contained, no imports. */
function probe(args: ProbeArgs): void {
  const w = window as any;
  if (w.top === w) {
    localStorage.setItem('preview:package', args.packageKey);
    w.benchExpect = args.expect;
    w.benchSeen = [];
    return;
  }
  let top: any;
  try {
    top = w.top;
    if (!Array.isArray(top.benchSeen)) return;
  } catch {
    return; // a frame of another origin: not the course
  }
  let done = false;
  // One anonymous callback, no named inner functions: a transpiler that keeps names (tsx does)
  // would wrap those in a helper the page does not have.
  new MutationObserver(() => {
    if (done) return;
    const alert = document.querySelector('[role="alert"]');
    if (alert) {
      done = true;
      top.benchSeen.push({ kind: 'alert', text: (alert.textContent ?? '').trim(), at: Date.now() });
      return;
    }
    const text = document.querySelector('main h1')?.textContent?.trim();
    if (text && text === top.benchExpect) {
      done = true;
      requestAnimationFrame(() => {
        // A notice on the screen means the player runs without its LMS (player/screens/title.ts).
        const notices = Array.from(document.querySelectorAll('main .notice'), (n) => (n.textContent ?? '').trim());
        top.benchSeen.push({ kind: 'visible', text, at: Date.now(), notices });
      });
    }
  }).observe(document, { childList: true, subtree: true, characterData: true });
}

export async function installProbe(context: BrowserContext, packageKey: string, expect: string): Promise<void> {
  await context.addInitScript(probe, { packageKey, expect } satisfies ProbeArgs);
}

/** The text the next screen must show; returns how many reports there are so far. */
export function expectNext(page: Page, text: string): Promise<number> {
  return page.evaluate((t) => {
    const w = window as any;
    w.benchExpect = t;
    return w.benchSeen.length as number;
  }, text);
}

/**
 * Waits for report number `index` and returns it when it is the expected screen. Fails when the
 * player shows an error, the preview shows its problem overlay or a notice instead of the
 * course, the screen carries a notice, or nothing shows in time.
 */
export async function waitVisible(page: Page, index: number, what: string, timeout = 30_000): Promise<Extract<Seen, { kind: 'visible' }>> {
  let result: Seen | { kind: 'overlay'; text: string } | { kind: 'notice'; text: string };
  try {
    const handle = await page.waitForFunction(
      (i) => {
        const w = window as any;
        const overlay = document.getElementById('overlay');
        if (overlay && !overlay.hidden) return { kind: 'overlay', text: (overlay.textContent ?? '').trim() };
        const notice = document.querySelector('#course-host > .notice');
        if (notice) return { kind: 'notice', text: (notice.textContent ?? '').trim() };
        return w.benchSeen.length > i ? w.benchSeen[i] : false;
      },
      index,
      { timeout, polling: 'raf' },
    );
    result = (await handle.jsonValue()) as typeof result;
  } catch (e) {
    const shown = await page
      .evaluate(() => (document.querySelector('#course-frame') as HTMLIFrameElement | null)?.contentDocument?.querySelector('main h1')?.textContent ?? '(nothing)')
      .catch(() => '(no page)');
    throw new Error(`${what}: not visible within ${timeout} ms; the course shows "${shown}" (${(e as Error).message.split('\n')[0]})`);
  }
  if (result.kind === 'alert') throw new Error(`${what}: the player showed an error instead: ${result.text}`);
  if (result.kind === 'overlay') throw new Error(`${what}: the preview showed build problems instead: ${result.text.slice(0, 500)}`);
  if (result.kind === 'notice') throw new Error(`${what}: the preview could not launch the course: ${result.text}`);
  if (result.notices.length) throw new Error(`${what}: the screen showed, with a notice: ${result.notices.join(' / ')}`);
  return result;
}
