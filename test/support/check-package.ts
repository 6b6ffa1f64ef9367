/** Runs the shared conformance checker on a built package. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from './fixture.ts';

export const checkPackagePath = path.resolve(projectRoot, '..', 'shared', 'conformance', 'check-package');

export interface CheckResult {
  errors: number;
  warnings: number;
  output: string;
}

export function checkPackage(zipPath: string, profile?: 'scorm2004' | 'scorm12' | 'cmi5'): CheckResult {
  if (!fs.existsSync(checkPackagePath)) throw new Error(`The conformance checker is missing: ${checkPackagePath}`);
  let output: string;
  try {
    output = execFileSync(process.execPath, [checkPackagePath, zipPath, ...(profile ? ['--profile', profile] : [])], {
      cwd: projectRoot,
      encoding: 'utf8',
    });
  } catch (e) {
    output = String((e as { stdout?: string }).stdout ?? '') + String((e as { stderr?: string }).stderr ?? '');
  }
  const m = /check-package: (\d+) errors?, (\d+) warnings?/.exec(output);
  if (!m) throw new Error(`check-package gave no summary:\n${output}`);
  return { errors: Number(m[1]), warnings: Number(m[2]), output };
}
