/** Where the check finds the project's templates and its own schemas, relative to itself. */
import fs from 'node:fs';
import path from 'node:path';

export const templatesDir = path.resolve(import.meta.dirname, '..', '..', '..', 'templates');
export const ownXsdDir = path.resolve(import.meta.dirname, 'xsd');

export function readOwnXsd(name: string): Uint8Array {
  return fs.readFileSync(path.join(ownXsdDir, name));
}

/**
 * A reference from a manifest or course structure (href, url), as the path of a package file.
 * `bases` are the xml:base values in force, outermost first.
 */
export type Resolved = { kind: 'file'; path: string } | { kind: 'external'; url: string } | { kind: 'outside'; why: string };

const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:/;

export function resolveRef(ref: string, bases: string[] = []): Resolved {
  const parts = [...bases.filter((b) => b !== ''), ref];
  // An absolute URL anywhere in the chain makes the rest relative to it: not a package file.
  for (let i = parts.length - 1; i >= 0; i--) {
    if (scheme.test(parts[i]!)) return { kind: 'external', url: parts.slice(i).join('') };
  }
  if (ref.includes('\\')) return { kind: 'outside', why: 'uses a backslash; URLs separate folders with "/"' };
  let joined = '';
  for (const p of parts) {
    const clean = p.replace(/[?#].*$/s, '');
    if (clean.startsWith('/')) return { kind: 'outside', why: 'is an absolute path' };
    joined = joined === '' || joined.endsWith('/') ? joined + clean : joined.slice(0, joined.lastIndexOf('/') + 1) + clean;
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(joined);
  } catch {
    return { kind: 'outside', why: 'has a malformed %-escape' };
  }
  const segments: string[] = [];
  for (const s of decoded.split('/')) {
    if (s === '.' || s === '') continue;
    if (s === '..') {
      if (!segments.length) return { kind: 'outside', why: 'climbs out of the package with ".."' };
      segments.pop();
    } else segments.push(s);
  }
  return { kind: 'file', path: segments.join('/') };
}
