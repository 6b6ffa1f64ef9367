/** `npm run import`: its summary, its errors, its exit codes, and --dry-run writing nothing. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { projectRoot } from '../support/fixture.ts';
import { courseCopy, manuscripts, snapshot } from './support.ts';

const content = courseCopy('minimal');
afterAll(() => fs.rmSync(content, { recursive: true, force: true }));

function importCli(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'build/import-cli.ts'), ...args], { cwd: projectRoot, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('npm run import', () => {
  test('prints what changed, diff-like, and with --dry-run writes nothing', () => {
    const before = snapshot(content);
    const r = importCli(path.join(manuscripts, 'minimal-ja-lo.pptx'), '--variant', 'acme', '--content', content, '--dry-run');
    expect(r.stderr).toContain('warning [UntranslatedText]');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(['minimal-ja-lo.pptx (PowerPoint manuscript, ja) → variant "acme":', '  ~ notes basics/two_views        narration changed (slide 4)', '  + slide basics/two_views_added  added (slide 5): "相談の流れ"', '  - slide basics/policy           removed', ''].join('\n').replace(/\n$/, ''));
    expect(r.stdout).toMatch(/\nWould write .*variants\/acme\/lessons\/ja\/01-basics\.md, .*variants\/acme\/lessons\/en\/01-basics\.md, .*variants\/acme\/variant\.yaml \(nothing written\)\.\n2 warning\(s\) above\.\n$/);
    expect(snapshot(content)).toEqual(before);
  });

  test('writes the variant and names the files it wrote', () => {
    const r = importCli(path.join(manuscripts, 'minimal-en-test-lo.xlsx'), '--variant', 'acme', '--content', content);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('  ~ question q_one  correct answer: b (row 8)\n');
    expect(r.stdout).toMatch(/Wrote .*variants\/acme\/variant\.yaml, .*variants\/acme\/questions\.yaml\.\n$/);
    expect(fs.existsSync(path.join(content, 'variants/acme/questions.yaml'))).toBe(true);
  });

  test('refuses a file that is not a manuscript, with the problem, its hint, and exit code 1', () => {
    const bogus = path.join(content, 'not-a-deck.pptx');
    fs.writeFileSync(bogus, 'plain text');
    const before = snapshot(content);
    const r = importCli(bogus, '--variant', 'other', '--content', content);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('error [NotAPackage]');
    expect(r.stderr).toContain('hint: Import the .pptx or .xlsx file as PowerPoint, Excel or LibreOffice saved it');
    expect(r.stderr).toMatch(/Import failed: 1 error\(s\), 0 warning\(s\)\. Nothing was written\.\n$/);
    expect(snapshot(content)).toEqual(before);
  });

  test('names a file that does not exist, and what to pass, before asking for the variant', () => {
    const r = importCli('missing.pptx');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error \[ManuscriptNotFound\] missing\.pptx\nThere is no file .*missing\.pptx\.\nhint: Pass the path of the edited \.pptx or \.xlsx file itself, e\.g\. npm run import -- /);
    expect(r.stderr).not.toContain('Create the file');
    expect(r.stderr).toContain('\n\nName the variant with --variant <name>.\n');
  });

  test('refuses a file that does not exist with exit code 1, writing nothing', () => {
    const before = snapshot(content);
    const r = importCli(path.join(content, 'missing.pptx'), '--variant', 'acme', '--content', content);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error [ManuscriptNotFound]');
    expect(r.stderr).toMatch(/Import failed: 1 error\(s\), 0 warning\(s\)\. Nothing was written\.\n$/);
    expect(snapshot(content)).toEqual(before);
  });

  test('needs a file and a variant (exit code 2)', () => {
    const r = importCli(path.join(manuscripts, 'minimal-ja-lo.pptx'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^Name the variant with --variant <name>\./);
  });

  test('--json gives the summary and diagnostics as data', () => {
    const r = importCli(path.join(manuscripts, 'minimal-en-survey-lo.xlsx'), '--variant', 'acme', '--content', content, '--dry-run', '--json');
    const json = JSON.parse(r.stdout) as { ok: boolean; summary: { sign: string; what: string }[]; diagnostics: { rule: string }[] };
    expect(json.ok).toBe(true);
    expect(json.summary.map((s) => `${s.sign} ${s.what}`)).toEqual(['~ survey item fx_comment', '+ survey item fx_comment_added']);
    expect(json.diagnostics.map((d) => d.rule)).toEqual(['UntranslatedText']);
  });
});
