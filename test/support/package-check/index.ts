/**
 * The project's own package check: a SCORM 2004 4th Edition, SCORM 1.2 or cmi5 zip against the
 * official schemas and the packaging rules (see rules.ts for the list). Everything happens in
 * memory; nothing is fetched and nothing is unpacked to disk.
 */
import fs from 'node:fs';
import { checkCmi5 } from './cmi5.ts';
import { rules, type Finding } from './rules.ts';
import { checkScorm, scormSpecs } from './scorm.ts';
import { readPackageZip } from './zip.ts';

export { rules, type Finding, type RuleId, type Severity } from './rules.ts';

export type Profile = 'scorm2004' | 'scorm12' | 'cmi5';
export const profiles: readonly Profile[] = ['scorm2004', 'scorm12', 'cmi5'];

export interface PackageReport {
  profile: Profile;
  /** Whether the profile was given or read from the package. */
  profileFrom: 'given' | 'detected';
  findings: Finding[];
  /** Checks that passed and are worth saying so, e.g. "imsmanifest.xml: valid against …". */
  passed: string[];
  errors: number;
  warnings: number;
  /** The report as text: one line per finding, then `package-check: N errors, M warnings`. */
  output: string;
}

/** cmi5.xml at the root makes a cmi5 package; a manifest in the 1.2 namespace, SCORM 1.2. */
function detect(files: Map<string, Uint8Array>): Profile {
  if (files.has('cmi5.xml')) return 'cmi5';
  const manifest = files.get('imsmanifest.xml');
  if (manifest && new TextDecoder().decode(manifest).includes(scormSpecs.scorm12.cp)) return 'scorm12';
  return 'scorm2004';
}

export async function checkPackageBytes(bytes: Uint8Array, profile?: Profile, name = 'package'): Promise<PackageReport> {
  const findings: Finding[] = [];
  const passed: string[] = [];
  const pkg = readPackageZip(bytes, findings);
  const chosen = profile ?? detect(pkg.files);
  if (pkg.readable) {
    if (chosen === 'cmi5') await checkCmi5(pkg, findings, passed);
    else await checkScorm(pkg, chosen, findings, passed);
  }
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.length - errors;
  const report = { profile: chosen, profileFrom: profile ? 'given' : 'detected', findings, passed, errors, warnings } as const;
  return { ...report, output: formatReport(name, report) };
}

export async function checkPackageFile(zipPath: string, profile?: Profile): Promise<PackageReport> {
  return checkPackageBytes(new Uint8Array(fs.readFileSync(zipPath)), profile, zipPath);
}

export function formatReport(name: string, r: Omit<PackageReport, 'output'>): string {
  const lines = [`package-check: ${name} as ${r.profile} (${r.profileFrom})`];
  for (const p of r.passed) lines.push(`ok    ${p}`);
  for (const f of r.findings) {
    lines.push(`${f.severity === 'error' ? 'ERROR' : 'WARN '} [${f.rule}] ${f.file}${f.line === undefined ? '' : `:${f.line}`}: ${f.message}`);
    lines.push(`      hint: ${rules[f.rule].hint}`);
  }
  lines.push(`package-check: ${r.errors} error${r.errors === 1 ? '' : 's'}, ${r.warnings} warning${r.warnings === 1 ? '' : 's'}`);
  return lines.join('\n') + '\n';
}
