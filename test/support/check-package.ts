/** Runs the shared conformance checker on a built package. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from './fixture.ts';

/**
 * The shared conformance toolkit sits beside the project (`../shared/conformance`) in our
 * workspace; a clone elsewhere finds it through CONFORMANCE_DIR or the workspace's fixed place.
 */
const candidates = [
  process.env['CONFORMANCE_DIR'],
  path.resolve(projectRoot, '..', 'shared', 'conformance'),
  '/work/shared/conformance',
].filter((d): d is string => Boolean(d));

export const checkPackagePath = path.join(candidates.find((d) => fs.existsSync(path.join(d, 'check-package'))) ?? candidates[0]!, 'check-package');

export interface CheckResult {
  errors: number;
  warnings: number;
  output: string;
}

export function checkPackage(zipPath: string, profile?: 'scorm2004' | 'scorm12' | 'cmi5'): CheckResult {
  if (!fs.existsSync(checkPackagePath)) throw new Error(`The conformance checker is missing (looked in ${candidates.join(', ')}); set CONFORMANCE_DIR.`);
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
