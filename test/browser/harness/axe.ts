/**
 * axe-core on the course frame's document as it is now, for WCAG 2.0, 2.1 and 2.2 at levels A
 * and AA. The package's CSP allows no inline script, so a script tag cannot carry axe in;
 * evaluating its source through the DevTools protocol needs no CSP exception (bypassCSP would
 * also let blocked inline styles apply and change what axe sees).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults } from 'axe-core';
import type { Frame } from 'playwright-core';

/** WCAG 2.0, 2.1 and 2.2, levels A and AA: the rules axe tags with these. */
export const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe's full results for the frame. */
export async function runAxe(frame: Frame): Promise<AxeResults> {
  if (!(await frame.evaluate(() => 'axe' in window))) await frame.evaluate(axeSource);
  return frame.evaluate(
    (tags) => (window as unknown as { axe: { run(c: Document, o: object): Promise<AxeResults> } }).axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    WCAG_22_AA,
  );
}

/** The violations as `rule (impact): help` and the elements they were found on, one line each. */
export async function axeViolations(frame: Frame): Promise<string[]> {
  return (await runAxe(frame)).violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`);
}
