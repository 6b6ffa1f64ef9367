/**
 * "A customer's edited manuscripts become a variant package in two commands": the committed
 * LibreOffice re-saves of the fixture course's manuscripts (English and Japanese decks, the
 * test and survey workbooks) are imported into one variant, the variant's SCORM 2004 package is
 * built, and a learner in Chromium (scorm-again as the LMS) sees the edits: the retyped text with
 * its bold word, the added slide, the added survey item, and no trace of the deleted slide.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlayerCourse } from '../../player/spec/course-data.ts';
import { launchBrowser, newContext, openInLms, press, serveCourse } from '../browser/harness/browser.ts';
import { answerSurvey } from '../browser/harness/learner.ts';
import { embeddedCourse } from '../browser/harness/package.ts';
import type { StaticServer } from '../browser/harness/server.ts';
import { projectRoot } from '../support/fixture.ts';
import { courseCopy, manuscripts } from './support.ts';
import { scaled } from '../support/time-scale.ts';

const scratch: string[] = [];
let server: StaticServer;
let browser: Browser;
let course: PlayerCourse;
let imports: string[];

/** The two commands, as a person runs them. */
function run(script: 'import' | 'build', args: string[]): string {
  const entry = script === 'import' ? 'build/import-cli.ts' : 'build/cli.ts';
  return execFileSync(process.execPath, ['--import', 'tsx', path.join(projectRoot, entry), ...args], { cwd: projectRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

beforeAll(async () => {
  const content = courseCopy('minimal');
  const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'import-dist-'));
  scratch.push(content, dist);
  imports = ['minimal-en-lo.pptx', 'minimal-ja-lo.pptx', 'minimal-en-test-lo.xlsx', 'minimal-en-survey-lo.xlsx'].map((f) => run('import', [path.join(manuscripts, f), '--variant', 'globex', '--content', content]));
  run('build', ['--content', content, '--out', dist, '--variant', 'globex', '--target', 'scorm2004', '--lang', 'en']);
  const zip = unzipSync(new Uint8Array(fs.readFileSync(path.join(dist, 'fixture_course_globex-en-scorm2004.zip'))));
  const pkg = path.join(dist, 'pkg');
  for (const [name, bytes] of Object.entries(zip)) {
    if (name.endsWith('/')) continue;
    fs.mkdirSync(path.dirname(path.join(pkg, name)), { recursive: true });
    fs.writeFileSync(path.join(pkg, name), bytes);
  }
  course = embeddedCourse(fs.readFileSync(path.join(pkg, 'index.html'), 'utf8'));
  [server, browser] = await Promise.all([serveCourse(pkg), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  for (const d of scratch) fs.rmSync(d, { recursive: true, force: true });
});

describe('the variant package built from imported manuscripts', { timeout: scaled(120_000) }, () => {
  it('printed what each import changed', () => {
    expect(imports[0]).toMatch(/~ slide basics\/two_views +text edited \(slide 5\)/);
    expect(imports[1]).toMatch(/- slide basics\/policy +removed/);
    // The Japanese deck's new slide sits where the English deck's copy was added: it takes its place in Japanese.
    expect(imports[1]).toMatch(/\+ slide basics\/two_views_added +added \(slide 5\): "相談の流れ" \(in place of the variant's slide two_views_added, added at the same place before\)/);
    expect(imports[2]).toMatch(/~ question q_one +correct answer: b \(row 8\)/);
    expect(imports[3]).toMatch(/\+ survey item fx_comment_added +added \(row 6, likert, theme knowledge\)/);
  });

  it('shows the edited slides and the added survey item to a learner, and never the deleted slide', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const frame = await openInLms(page, server.origin);
    await frame.waitForSelector('.title-screen');
    await press(frame, '#start', 'Enter');
    await frame.waitForSelector('.survey-screen');
    expect(await frame.textContent('.survey-screen')).toContain('I know whom to call when a customer goes too far');
    await answerSurvey(frame, course);

    const seen: { title: string; body: string; bold: string[]; transcript: string }[] = [];
    for (;;) {
      const slide = await frame.evaluate(() => ({
        title: document.querySelector('main h1')?.textContent ?? '',
        body: (document.querySelector('.slide-body') as HTMLElement | null)?.innerText ?? '',
        bold: [...document.querySelectorAll('.slide-body strong')].map((b) => b.textContent ?? ''),
        transcript: document.querySelector('main')?.textContent ?? '',
      }));
      seen.push(slide);
      if (!(await frame.$('.lesson-screen #next'))) break;
      await press(frame, '#next', 'Enter');
      await frame.waitForFunction((before) => document.querySelector('main h1')?.textContent !== before || !document.querySelector('.lesson-screen'), slide.title);
      if (!(await frame.$('.lesson-screen'))) break;
    }
    const titles = seen.map((s) => s.title);
    expect(titles.slice(0, 3)).toEqual(['Two questions', 'Who is affected', 'Sources']);
    const edited = seen[0]!;
    expect(edited.body).toContain("The customer's demand itself");
    expect(edited.bold).toEqual(["customer's"]);
    expect(seen[1]!.body).toContain('The staff member and the other customers');
    for (const s of seen) {
      expect(s.title).not.toContain('policy');
      expect(s.transcript).not.toContain('nobody handles this alone');
    }
    await context.close();
  });
});
