import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { fixtureCopy, lineOf, projectRoot } from '../support/fixture.ts';

/** The CLI as `npm run build` starts it: through the launcher that runs the bundled command. */
function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(projectRoot, 'scripts', 'run.mjs'), 'build/cli.ts', ...args], {
    cwd: projectRoot,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Every file under a folder with its hash, to prove a folder did not change. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fs.readdirSync(dir, { recursive: true }) as string[]) {
    const p = path.join(dir, f);
    if (fs.statSync(p).isFile()) out[f] = crypto.createHash('sha256').update(fs.readFileSync(p)).digest('hex');
  }
  return out;
}

describe('npm run build', () => {
  test('builds every language and prints a summary with sizes and the study time', () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cli-')), 'dist');
    const r = cli('--content', fixtureCopy('minimal'), '--out', out);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const perLanguage = ['awareness-survey.xlsx', 'cmi5.zip', 'confirmation-test-trainer.xlsx', 'confirmation-test.xlsx', 'manuscript.pptx', 'scorm12.zip', 'scorm2004.zip'];
    expect(fs.readdirSync(out).sort()).toEqual(['en', 'ja'].flatMap((lang) => perLanguage.map((f) => `fixture_course-${lang}-${f}`)));
    expect(r.stdout).toMatch(/fixture_course-ja-scorm2004\.zip +\d+\.\d KB/);
    expect(r.stdout).toMatch(/fixture_course-ja-manuscript\.pptx +\d+\.\d KB/);
    expect(r.stdout).toMatch(/study time ja: \d+\.\d min/);
    expect(r.stdout).toMatch(/Built 14 artefact\(s\) in \d+\.\d\d s/);
    expect(fs.readdirSync(path.dirname(out))).toEqual(['dist']);
  });

  test('fails with file, line and hint, exits non-zero and leaves the previous output exactly as it was', () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cli-')), 'dist');
    expect(cli('--content', fixtureCopy('minimal'), '--out', out).status).toBe(0);
    fs.writeFileSync(path.join(out, 'notes.txt'), 'kept');
    const before = snapshot(out);

    const broken = fixtureCopy('minimal', [
      { file: 'questions.yaml', replace: 'type: true-false', with: 'type: truefalse' },
      { file: 'lessons/en/01-basics.md', replace: '::: narration\nTwo questions decide the matter.\n:::\n', with: '' },
    ]);
    const r = cli('--content', broken, '--out', out);
    expect(r.status).toBe(1);
    const qLine = lineOf(path.join(broken, 'questions.yaml'), 'type: truefalse');
    expect(r.stderr).toContain(`error [UnknownQuestionType] ${path.relative(projectRoot, path.join(broken, 'questions.yaml'))}:${qLine}:11`);
    expect(r.stderr).toContain('Did you mean "true-false"?');
    expect(r.stderr).toMatch(/error \[MissingNarration\] .*lessons\/en\/01-basics\.md:\d+:1/);
    expect(r.stderr).toContain('hint: Add a `::: narration`');
    expect(r.stderr).toContain('Build failed: 2 error(s), 0 warning(s).');
    expect(snapshot(out)).toEqual(before);
    expect(fs.readdirSync(path.dirname(out))).toEqual(['dist']);
  });

  test('builds one language and one target, keeping the other artefacts', () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cli-')), 'dist');
    expect(cli('--content', fixtureCopy('minimal'), '--out', out).status).toBe(0);
    const en = snapshot(out)['fixture_course-en-scorm2004.zip'];
    const r = cli('--content', fixtureCopy('minimal'), '--out', out, '--lang', 'ja', '--target', 'scorm2004');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Built 1 artefact\(s\)/);
    expect(snapshot(out)['fixture_course-en-scorm2004.zip']).toBe(en);
  });

  test('refuses an unknown target and documents every option', () => {
    expect(cli('--target', 'scorm3000').status).toBe(2);
    const help = cli('--help');
    expect(help.status).toBe(0);
    for (const opt of ['--content', '--out', '--lang', '--target', '--quiet', '--json', '--help']) expect(help.stdout).toContain(opt);
  });
});
