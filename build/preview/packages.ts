/**
 * Where the preview gets the packages it plays: the zips in dist/ (`npm run preview`), or
 * builds kept in memory (`npm run dev`). Both give the same thing: the files of one package,
 * by path, exactly as the zip holds them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';

/** The package targets the preview can play: each has a runtime in the page. */
export const lmsTargets = ['scorm2004', 'scorm12', 'cmi5'] as const;
export type LmsTarget = (typeof lmsTargets)[number];

export interface PackageInfo {
  /** `<target>/<lang>`: the package's place under /pkg/ and its stored state's name. */
  key: string;
  target: LmsTarget;
  lang: string;
  courseId: string;
  title: string;
  /** The file the LMS launches, relative to the package root. */
  launch: string;
  /** Passing threshold the LMS hands to the content (0..1), from the manifest; null when none. */
  masteryScore: number | null;
  /** cmi5: the AU as cmi5.xml declares it. */
  au?: { auId: string; moveOn: string; masteryScore: number | null };
}

export type PackageFiles = Map<string, Uint8Array>;

export interface PackageSource {
  list(): Promise<PackageInfo[]>;
  /** The package's files, or null when there is no such package. Rejects when it cannot be built. */
  files(target: LmsTarget, lang: string): Promise<PackageFiles | null>;
}

/** What the package's own files say about it: launch file, title, mastery score. */
export function describePackage(target: LmsTarget, lang: string, courseId: string, files: PackageFiles): PackageInfo {
  const text = (p: string) => (files.has(p) ? new TextDecoder().decode(files.get(p)) : '');
  let launch = 'index.html';
  let masteryScore: number | null = null;
  let au: PackageInfo['au'];
  if (target === 'cmi5') {
    const structure = text('cmi5.xml');
    const url = /<url>\s*([^<\s]+)\s*<\/url>/.exec(structure)?.[1];
    if (url) launch = url;
    const tag = /<au\b[^>]*>/.exec(structure)?.[0] ?? '';
    const attr = (name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(tag)?.[1];
    const mastery = attr('masteryScore');
    if (mastery) masteryScore = Number(mastery);
    au = { auId: decodeEntities(attr('id') ?? ''), moveOn: attr('moveOn') ?? 'NotApplicable', masteryScore };
  } else {
    const manifest = text('imsmanifest.xml');
    const href = /<resource\b[^>]*\bhref="([^"]+)"/.exec(manifest)?.[1];
    if (href) launch = href;
    const measure = /<imsss:minNormalizedMeasure>\s*([\d.]+)\s*</.exec(manifest)?.[1];
    const mastery12 = /<adlcp:masteryscore>\s*([\d.]+)\s*</i.exec(manifest)?.[1];
    if (measure) masteryScore = Number(measure);
    else if (mastery12) masteryScore = Number(mastery12) / 100;
  }
  const title = /<title>([^<]*)<\/title>/.exec(text(launch.split('?')[0]!))?.[1] ?? courseId;
  return { key: `${target}/${lang}`, target, lang, courseId, title: decodeEntities(title), launch, masteryScore, ...(au ? { au } : {}) };
}

function decodeEntities(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|#39|#x27);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#x27': "'" })[e] ?? _);
}

/** `<courseId>-<lang>-<target>.zip`, as the build names its LMS packages. */
const zipName = new RegExp(`^(.+)-([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*)-(${lmsTargets.join('|')})\\.zip$`);

export function unzipPackage(zip: Uint8Array): PackageFiles {
  const files: PackageFiles = new Map();
  for (const [name, bytes] of Object.entries(unzipSync(zip))) if (!name.endsWith('/')) files.set(name, bytes);
  return files;
}

/** The LMS packages in a dist/ folder; a zip is read again when it changes on disk. */
export function distSource(distDir: string): PackageSource {
  const cache = new Map<string, { mtimeMs: number; files: PackageFiles; info: PackageInfo }>();
  const scan = () => {
    const found: { file: string; courseId: string; lang: string; target: LmsTarget }[] = [];
    let names: string[] = [];
    try {
      names = fs.readdirSync(distDir);
    } catch {
      return found;
    }
    for (const name of names.sort()) {
      const m = zipName.exec(name);
      if (m) found.push({ file: path.join(distDir, name), courseId: m[1]!, lang: m[2]!, target: m[3] as LmsTarget });
    }
    // The primary standard first, as the page offers the first package by default.
    return found.sort((a, b) => lmsTargets.indexOf(a.target) - lmsTargets.indexOf(b.target));
  };
  const load = (entry: ReturnType<typeof scan>[number]) => {
    const mtimeMs = fs.statSync(entry.file).mtimeMs;
    const hit = cache.get(entry.file);
    if (hit && hit.mtimeMs === mtimeMs) return hit;
    const files = unzipPackage(new Uint8Array(fs.readFileSync(entry.file)));
    const loaded = { mtimeMs, files, info: describePackage(entry.target, entry.lang, entry.courseId, files) };
    cache.set(entry.file, loaded);
    return loaded;
  };
  return {
    async list() {
      return scan().map((e) => load(e).info);
    },
    async files(target, lang) {
      const entry = scan().find((e) => e.target === target && e.lang === lang);
      return entry ? load(entry).files : null;
    },
  };
}
