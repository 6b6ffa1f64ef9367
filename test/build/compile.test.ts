/**
 * The one compile: every entry point (the build, watch mode, the importer) reaches the same
 * checks through `compile`, which works on sources in memory.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { readSources, readTemplates } from '../../build/assets.ts';
import { compile } from '../../build/compile.ts';
import { startDev } from '../../build/dev.ts';
import type { Diagnostic } from '../../build/diagnostics.ts';
import { buildCourse } from '../../build/index.ts';
import { LoadCache } from '../../build/load/index.ts';
import { SourceTree } from '../../build/sources.ts';
import { fixtureCopy, fixturesDir, lineOf } from '../support/fixture.ts';

/** Free-text items that together outgrow SCORM 1.2's suspend_data, added by the variant only. */
const longItems = [1, 2, 3, 4, 5]
  .map((n) => `  - id: aw_acme_story_${n}\n    type: text\n    maxLength: 1000\n    text: { ja: ACMEでの経験${n}, en: What happened at ACME ${n} }\n`)
  .join('');

const where = (d: Diagnostic) => ({ rule: d.rule, severity: d.severity, file: d.file, line: d.line, column: d.column, message: d.message });
const tmpDirs: string[] = [];
afterAll(() => {
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('compile', () => {
  test('builds from sources held only in memory, under a folder that does not exist', async () => {
    const onDisk = readSources(path.join(fixturesDir, 'minimal'));
    const sources = new SourceTree('/nowhere/course', onDisk.files);
    const result = await compile({ sources, assets: { templates: new Map(), player: () => Promise.reject(new Error('no player')) }, targets: ['xlsx'], langs: ['en'] });
    expect(result.diagnostics.errors).toEqual([]);
    expect(result.files.map((f) => f.path)).toEqual(['fixture_course-en-awareness-survey.xlsx', 'fixture_course-en-confirmation-test.xlsx', 'fixture_course-en-confirmation-test-trainer.xlsx']);
  });

  test('names the files of an in-memory tree in its diagnostics', async () => {
    const onDisk = readSources(path.join(fixturesDir, 'minimal'));
    const broken = new SourceTree('/nowhere/course', onDisk.files).with([{ path: 'questions.yaml', contents: new TextEncoder().encode('questions: [') }]);
    const result = await compile({ sources: broken, assets: { templates: new Map(), player: () => Promise.reject(new Error('no player')) }, targets: [] });
    expect(result.ok).toBe(false);
    expect(result.diagnostics.errors.map((d) => [d.rule, d.file])).toEqual([['YamlSyntax', '/nowhere/course/questions.yaml']]);
  });

  test('makes the same checks whichever targets and languages are asked for', async () => {
    const dir = fixtureCopy('minimal', [{ file: 'questions.yaml', replace: '{ id: b, text: { ja: あれ, en: That } }', with: '{ id: bb, text: { ja: あれ, en: That } }' }]);
    tmpDirs.push(dir);
    const all = await buildCourse({ contentDir: dir, outDir: '', write: false });
    const one = await buildCourse({ contentDir: dir, outDir: '', targets: ['scorm2004'], langs: ['ja'], write: false });
    expect(all.diagnostics.list.map((d) => d.rule)).toContain('Scorm12ChoiceId');
    expect(one.diagnostics.list.map(where)).toEqual(all.diagnostics.list.map(where));
  });

  test('reuses a parsed file while its text is unchanged, and parses it again when it changes', async () => {
    const tree = readSources(path.join(fixturesDir, 'minimal'));
    const cache = new LoadCache();
    const assets = { templates: new Map(), player: () => Promise.reject(new Error('no player')) };
    const first = await compile({ sources: tree, assets, targets: [], cache });
    const again = await compile({ sources: tree, assets, targets: [], cache });
    expect(cache.parsed).toBe(first.diagnostics.sources.size);
    expect(again.ok).toBe(true);
    const edited = tree.with([{ path: 'lessons/en/01-basics.md', contents: new TextEncoder().encode(tree.text('lessons/en/01-basics.md')!.replace('nobody handles this alone', 'nobody is alone')) }]);
    const third = await compile({ sources: edited, assets, targets: [], cache });
    expect(cache.parsed).toBe(first.diagnostics.sources.size + 1);
    expect(third.localized.get('en')!.lessons[0]!.slides.find((s) => s.id === 'policy')!.narrationHtml).toContain('nobody is alone');
  });
});

describe('watch mode and the build', () => {
  test('report the same diagnostics for the same sources, variant included', async () => {
    const dir = fixtureCopy('minimal', [{ file: 'variants/acme/survey.yaml', replace: 'text: { ja: ACMEの方針を知っている, en: I know the ACME policy }\n', with: `text: { ja: ACMEの方針を知っている, en: I know the ACME policy }\n${longItems}` }]);
    const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'compile-dev-state-'));
    tmpDirs.push(dir, stateDir);
    const build = await buildCourse({ contentDir: dir, outDir: path.join(dir, 'dist'), variant: 'acme' });
    expect(build.ok).toBe(false);
    // At the maxLength of the longest free-text item: the number to lower.
    const item = [path.join(dir, 'variants/acme/survey.yaml'), lineOf(path.join(dir, 'variants/acme/survey.yaml'), 'maxLength: 1000', '- id: aw_acme_story_1')];
    expect(build.diagnostics.errors.map((d) => [d.rule, d.file, d.line])).toEqual([
      ['SuspendDataTooLong', ...item],
      ['SuspendDataTooLong', ...item],
    ]);
    expect(fs.existsSync(path.join(dir, 'dist'))).toBe(false);
    const dev = await startDev({ contentDir: dir, variant: 'acme', stateDir, watch: false });
    try {
      expect(dev.builder.problems.map(where)).toEqual(build.diagnostics.list.map(where));
      // And after a change that fixes it, both agree again: no problems, the variant's course.
      fs.writeFileSync(path.join(dir, 'variants/acme/survey.yaml'), fs.readFileSync(path.join(dir, 'variants/acme/survey.yaml'), 'utf8').replaceAll('maxLength: 1000', 'maxLength: 200'));
      const report = await dev.rebuild(new Set(['content']));
      expect(report.ok).toBe(true);
      const fixed = await buildCourse({ contentDir: dir, outDir: path.join(dir, 'dist'), variant: 'acme', write: false });
      expect(dev.builder.problems.map(where)).toEqual(fixed.diagnostics.list.map(where));
      expect(dev.builder.course!.id).toBe('fixture_course_acme');
    } finally {
      await dev.close();
    }
  });

  test('templates are read by the caller of compile, never by a target', async () => {
    const templates = readTemplates();
    expect([...templates.keys()]).toContain('scorm2004/imsmanifest.xml.hbs');
    expect([...templates.keys()]).toContain('scorm2004/xsd/imscp_v1p1.xsd');
  });
});
