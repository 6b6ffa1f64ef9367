import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strFromU8, strToU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, test } from 'vitest';
import { buildCourse } from '../../build/index.ts';
import { checkPackage } from '../support/check-package.ts';
import { fixturesDir, projectRoot } from '../support/fixture.ts';
import { checkPackageBytes, rules, type Finding, type Profile, type RuleId } from '../support/package-check/index.ts';
import { crc32 } from '../support/package-check/zip.ts';

/** One zip entry as a broken copy writes it; `crc` overrides the checksum to damage it. */
interface Entry {
  name: string;
  data: Uint8Array;
  crc?: number;
}

/**
 * A stored (uncompressed) zip of exactly these entries, in this order. Written by hand because
 * zip libraries refuse what the broken copies need: duplicate names, "..", absolute paths.
 */
function storedZip(entries: Entry[]): Uint8Array {
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = strToU8(e.name);
    const crc = e.crc ?? crc32(e.data);
    const local = new Uint8Array(30 + name.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(6, 0x0800, true); // UTF-8 names
    lv.setUint32(14, crc, true);
    lv.setUint32(18, e.data.length, true);
    lv.setUint32(22, e.data.length, true);
    lv.setUint16(26, name.length, true);
    local.set(name, 30);
    const cd = new Uint8Array(46 + name.length);
    const cv = new DataView(cd.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(8, 0x0800, true);
    cv.setUint32(16, crc, true);
    cv.setUint32(20, e.data.length, true);
    cv.setUint32(24, e.data.length, true);
    cv.setUint16(28, name.length, true);
    cv.setUint32(42, offset, true);
    cd.set(name, 46);
    parts.push(local, e.data);
    central.push(cd);
    offset += local.length + e.data.length;
  }
  const cdSize = central.reduce((n, c) => n + c.length, 0);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, entries.length, true);
  ev.setUint16(10, entries.length, true);
  ev.setUint32(12, cdSize, true);
  ev.setUint32(16, offset, true);
  const all = [...parts, ...central, end];
  const out = new Uint8Array(all.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of all) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** 1-based line of the first occurrence of `needle` in `text`. */
function lineIn(text: string, needle: string): number {
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`"${needle}" not found`);
  return text.slice(0, at).split('\n').length;
}

/** The fixture course's packages as the build writes them, and their entries. */
const built = {} as Record<Profile, Uint8Array>;
const good = {} as Record<Profile, Entry[]>;

beforeAll(async () => {
  const result = await buildCourse({ contentDir: path.join(fixturesDir, 'minimal'), outDir: '', langs: ['ja'], targets: ['scorm2004', 'scorm12', 'cmi5'], write: false });
  expect(result.diagnostics.errors).toEqual([]);
  for (const profile of ['scorm2004', 'scorm12', 'cmi5'] as const) {
    built[profile] = result.files.find((f) => f.path.endsWith(`-${profile}.zip`))!.contents;
    good[profile] = Object.entries(unzipSync(built[profile])).map(([name, data]) => ({ name, data }));
  }
});

/** The text of one entry of a good package. */
function textOf(profile: Profile, name: string): string {
  return strFromU8(good[profile].find((e) => e.name === name)!.data);
}

type Edit = (entries: Entry[]) => Entry[];

const replaceIn =
  (name: string, from: string, to: string): Edit =>
  (entries) =>
    entries.map((e) => {
      if (e.name !== name) return e;
      const text = strFromU8(e.data);
      if (!text.includes(from)) throw new Error(`"${from}" not found in ${name}`);
      return { ...e, data: strToU8(text.replace(from, to)) };
    });
const without =
  (name: string): Edit =>
  (entries) => {
    if (!entries.some((e) => e.name === name)) throw new Error(`no entry ${name}`);
    return entries.filter((e) => e.name !== name);
  };
const adding =
  (...added: Entry[]): Edit =>
  (entries) => [...entries, ...added];
const renaming =
  (from: string, to: string): Edit =>
  (entries) =>
    entries.map((e) => (e.name === from ? { ...e, name: to } : e));
const all =
  (...edits: Edit[]): Edit =>
  (entries) =>
    edits.reduce((acc, edit) => edit(acc), entries);

async function check(c: Case): Promise<Finding[]> {
  const bytes = c.bytes ?? storedZip(c.edit(good[c.profile].map((e) => ({ ...e }))));
  return (await checkPackageBytes(bytes, c.profile)).findings;
}

const err = (rule: RuleId, file: string, message: string | ReturnType<typeof expect.stringContaining>, line?: number) =>
  line === undefined ? { rule, severity: 'error', file, message } : { rule, severity: 'error', file, line, message };

/** Each broken copy: what was broken, the profile, the edit, the findings it must give. */
interface Case {
  name: string;
  profile: Profile;
  edit: Edit;
  /** The package's bytes, when it is not a zip of entries at all. */
  bytes?: Uint8Array;
  expected: () => ReturnType<typeof err>[];
}

const M = 'imsmanifest.xml';
const sco2004 = '<resource identifier="fixture_course_ja_sco" type="webcontent" adlcp:scormType="sco" href="index.html">';

const cases: Case[] = [
  // Zip hygiene.
  {
    name: 'a file that is not a zip',
    profile: 'scorm2004',
    edit: (e) => e,
    bytes: strToU8('<html>a web page saved under a .zip name</html>'),
    expected: () => [err('ZipUnreadable', '(zip)', 'The file has no zip central directory; it is not a zip or it is cut short.')],
  },
  {
    name: 'entries with "..", an absolute path and a backslash',
    profile: 'scorm2004',
    edit: adding({ name: '../escape.js', data: strToU8('x') }, { name: '/etc/abs.js', data: strToU8('x') }, { name: 'js\\x.js', data: strToU8('x') }),
    expected: () => [
      err('ZipUnsafePath', '../escape.js', 'The entry "../escape.js" climbs out of the package with "..".'),
      err('ZipUnsafePath', '/etc/abs.js', 'The entry "/etc/abs.js" is an absolute path.'),
      err('ZipUnsafePath', 'js\\x.js', 'The entry "js\\x.js" contains a backslash, which some LMSs take for a folder separator.'),
    ],
  },
  {
    name: 'the same entry twice',
    profile: 'scorm2004',
    edit: adding({ name: 'player.js', data: strToU8('// another player') }),
    expected: () => [err('ZipDuplicateEntry', 'player.js', 'The zip holds "player.js" twice; which copy an LMS unpacks is left to chance.')],
  },
  {
    name: 'an entry that fails its checksum',
    profile: 'scorm2004',
    edit: (entries) => entries.map((e) => (e.name === 'player.css' ? { ...e, crc: (crc32(e.data) ^ 1) >>> 0 } : e)),
    expected: () => [
      err('ZipEntryDamaged', 'player.css', 'The entry "player.css" fails its CRC-32 check.'),
      err('ListedFileMissing', M, '<file href="player.css"> names "player.css", which is not in the package.', lineIn(textOf('scorm2004', M), '<file href="player.css"/>')),
    ],
  },

  // SCORM 2004 4th Edition.
  {
    name: 'no manifest at the root',
    profile: 'scorm2004',
    edit: renaming(M, 'course/imsmanifest.xml'),
    expected: () => [err('ManifestMissing', M, 'There is no imsmanifest.xml at the package root; found "course/imsmanifest.xml" instead.')],
  },
  {
    name: 'a manifest the schemas reject',
    profile: 'scorm2004',
    edit: replaceIn(M, '<schemaversion>', '<version/><schemaversion>'),
    expected: () => [
      err('ManifestSchema', M, expect.stringContaining("Element '{http://www.imsglobal.org/xsd/imscp_v1p1}version': This element is not expected."), lineIn(textOf('scorm2004', M), '<schemaversion>')),
    ],
  },
  {
    name: 'a 3rd Edition schemaversion',
    profile: 'scorm2004',
    edit: replaceIn(M, '2004 4th Edition', '2004 3rd Edition'),
    expected: () => [
      err('ManifestMetadata', M, '<schemaversion> is "2004 3rd Edition"; a scorm2004 package says "2004 4th Edition".', lineIn(textOf('scorm2004', M), '<schemaversion>')),
    ],
  },
  {
    name: 'a control schema missing',
    profile: 'scorm2004',
    edit: without('adlseq_v1p3.xsd'),
    expected: () => [err('ControlFileMissing', 'adlseq_v1p3.xsd', "The package lacks adlseq_v1p3.xsd, which templates/scorm2004/xsd/ holds and the manifest's schemas need.")],
  },
  {
    name: 'a control schema edited',
    profile: 'scorm2004',
    edit: replaceIn('imsss_v1p0util.xsd', '</xs:schema>', '<!-- edited --></xs:schema>'),
    expected: () => [err('ControlFileChanged', 'imsss_v1p0util.xsd', 'imsss_v1p0util.xsd in the package differs from templates/scorm2004/xsd/imsss_v1p0util.xsd.')],
  },
  {
    name: 'a listed file missing',
    profile: 'scorm2004',
    edit: without('player.css'),
    expected: () => [err('ListedFileMissing', M, '<file href="player.css"> names "player.css", which is not in the package.', lineIn(textOf('scorm2004', M), '<file href="player.css"/>'))],
  },
  {
    name: 'a file no <file> lists',
    profile: 'scorm2004',
    edit: adding({ name: 'notes/todo.txt', data: strToU8('remove before shipping') }),
    expected: () => [err('UnlistedFile', 'notes/todo.txt', '"notes/todo.txt" is in the package but no <file href> of the manifest lists it.')],
  },
  {
    name: 'two SCOs',
    profile: 'scorm2004',
    edit: all(
      replaceIn(M, '</resources>', '  <resource identifier="second_sco" type="webcontent" adlcp:scormType="sco" href="index.html">\n      <file href="index.html"/>\n    </resource>\n  </resources>'),
      replaceIn(M, '      </item>', '      </item>\n      <item identifier="second_item" identifierref="second_sco"><title>Two</title></item>'),
    ),
    expected: () => [err('ScoCount', M, 'The manifest declares 2 SCOs ("fixture_course_ja_sco", "second_sco"); the course is exactly one.', lineIn(textOf('scorm2004', M), '</resources>') + 1)],
  },
  {
    name: 'a resource without adlcp:scormType',
    profile: 'scorm2004',
    edit: replaceIn(M, 'adlcp:scormType="sco"', 'adlcp:scormtype="sco"'),
    expected: () => {
      const line = lineIn(textOf('scorm2004', M), sco2004);
      return [
        err('ScormTypeMissing', M, 'The resource "fixture_course_ja_sco" has no adlcp:scormType; it has adlcp:scormtype, which scorm2004 spells adlcp:scormType.', line),
        err('ScoCount', M, 'The manifest declares 0 SCOs (none); the course is exactly one.', lineIn(textOf('scorm2004', M), '<resources>')),
      ];
    },
  },
  {
    name: 'a SCO that launches a file the package lacks',
    profile: 'scorm2004',
    edit: replaceIn(M, 'adlcp:scormType="sco" href="index.html"', 'adlcp:scormType="sco" href="start.html"'),
    expected: () => [err('ScoLaunchMissing', M, 'The SCO "fixture_course_ja_sco" launches "start.html", which is not in the package.', lineIn(textOf('scorm2004', M), sco2004))],
  },
  {
    name: 'an item that refers to no resource, leaving the SCO unlaunched',
    profile: 'scorm2004',
    edit: replaceIn(M, 'identifierref="fixture_course_ja_sco"', 'identifierref="fixture_course_ja_scoo"'),
    expected: () => [
      err('IdentifierRefUnresolved', M, '<item identifierref="fixture_course_ja_scoo"> names no resource of this manifest.', lineIn(textOf('scorm2004', M), '<item ')),
      err('ScoNotLaunched', M, 'No item of the default organization has identifierref="fixture_course_ja_sco", so an LMS never launches the SCO.', lineIn(textOf('scorm2004', M), sco2004)),
    ],
  },
  {
    name: 'an identifier that is not an XML ID',
    profile: 'scorm2004',
    edit: replaceIn(M, '<item identifier="fixture_course_ja_item"', '<item identifier="1st item"'),
    expected: () => {
      const line = lineIn(textOf('scorm2004', M), '<item ');
      return [
        err('ManifestSchema', M, expect.stringContaining("'1st item' is not a valid value of the atomic type 'xs:ID'"), line),
        err('IdentifierInvalid', M, '<item identifier="1st item">: an identifier is an XML ID (a letter or "_" first, then letters, digits, ".", "-", "_"; no spaces or colons).', line),
      ];
    },
  },
  {
    name: 'an identifier used twice',
    profile: 'scorm2004',
    edit: replaceIn(M, '<item identifier="fixture_course_ja_item"', '<item identifier="fixture_course_ja_org"'),
    expected: () => {
      const line = lineIn(textOf('scorm2004', M), '<item ');
      return [
        err('ManifestSchema', M, expect.stringContaining("'fixture_course_ja_org'"), line),
        err('IdentifierDuplicate', M, `The identifier "fixture_course_ja_org" of this <item> is already used by the <organization> on line ${lineIn(textOf('scorm2004', M), '<organization ')}.`, line),
      ];
    },
  },

  // SCORM 1.2.
  {
    name: 'a 1.2 manifest with the 2004 spelling adlcp:scormType',
    profile: 'scorm12',
    edit: replaceIn(M, 'adlcp:scormtype="sco"', 'adlcp:scormType="sco"'),
    expected: () => {
      const line = lineIn(textOf('scorm12', M), '<resource ');
      return [
        err('ManifestSchema', M, expect.stringContaining("attribute '{http://www.adlnet.org/xsd/adlcp_rootv1p2}scormType'"), line),
        err('ScormTypeMissing', M, 'The resource "fixture_course_ja_sco" has no adlcp:scormtype; it has adlcp:scormType, which scorm12 spells adlcp:scormtype.', line),
        err('ScoCount', M, 'The manifest declares 0 SCOs (none); the course is exactly one.', lineIn(textOf('scorm12', M), '<resources>')),
      ];
    },
  },
  {
    name: 'a 1.2 package without ims_xml.xsd',
    profile: 'scorm12',
    edit: without('ims_xml.xsd'),
    expected: () => [err('ControlFileMissing', 'ims_xml.xsd', "The package lacks ims_xml.xsd, which templates/scorm12/xsd/ holds and the manifest's schemas need.")],
  },
  {
    name: 'a 1.2 manifest with a 2004 schemaversion',
    profile: 'scorm12',
    edit: replaceIn(M, '<schemaversion>1.2</schemaversion>', '<schemaversion>2004 4th Edition</schemaversion>'),
    expected: () => [err('ManifestMetadata', M, '<schemaversion> is "2004 4th Edition"; a scorm12 package says "1.2".', lineIn(textOf('scorm12', M), '<schemaversion>'))],
  },

  // cmi5.
  {
    name: 'no cmi5.xml at the root',
    profile: 'cmi5',
    edit: renaming('cmi5.xml', 'course/cmi5.xml'),
    expected: () => [err('CourseStructureMissing', 'cmi5.xml', 'There is no cmi5.xml at the package root; found "course/cmi5.xml" instead.')],
  },
  {
    name: 'a course structure the schema rejects',
    profile: 'cmi5',
    edit: replaceIn('cmi5.xml', '<url>index.html</url>', '<url>index.html</url><launch/>'),
    expected: () => [
      err('CourseStructureSchema', 'cmi5.xml', expect.stringContaining("Element '{https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd}launch': This element is not expected."), lineIn(textOf('cmi5', 'cmi5.xml'), '<url>')),
    ],
  },
  {
    name: 'a relative AU id',
    profile: 'cmi5',
    edit: replaceIn('cmi5.xml', '<au id="https://courses.example/fixture_course/ja/au"', '<au id="au"'),
    expected: () => [err('IdNotAbsoluteIri', 'cmi5.xml', 'The au id "au" is not an absolute IRI.', lineIn(textOf('cmi5', 'cmi5.xml'), '<au '))],
  },
  {
    name: 'an AU with the course\'s id',
    profile: 'cmi5',
    edit: replaceIn('cmi5.xml', '<au id="https://courses.example/fixture_course/ja/au"', '<au id="https://courses.example/fixture_course/ja"'),
    expected: () => [
      err('IdentifierDuplicate', 'cmi5.xml', `The id "https://courses.example/fixture_course/ja" of this <au> is already the id of the <course> on line ${lineIn(textOf('cmi5', 'cmi5.xml'), '<course ')}.`, lineIn(textOf('cmi5', 'cmi5.xml'), '<au ')),
    ],
  },
  {
    name: 'two AUs',
    profile: 'cmi5',
    edit: replaceIn('cmi5.xml', '</courseStructure>', '  <au id="https://courses.example/fixture_course/ja/au2"><title><langstring lang="ja">2</langstring></title><description><langstring lang="ja">2</langstring></description><url>index.html</url></au>\n</courseStructure>'),
    expected: () => [err('AuCount', 'cmi5.xml', 'The course structure has 2 AUs; the course is exactly one.', lineIn(textOf('cmi5', 'cmi5.xml'), '</courseStructure>'))],
  },
  {
    name: 'an AU launched from another server',
    profile: 'cmi5',
    edit: replaceIn('cmi5.xml', '<url>index.html</url>', '<url>https://cdn.example/index.html</url>'),
    expected: () => [
      err('AuUrlNotRelative', 'cmi5.xml', 'The AU "https://courses.example/fixture_course/ja/au" launches "https://cdn.example/index.html", an absolute URL; the AU must be served from the package.', lineIn(textOf('cmi5', 'cmi5.xml'), '<url>')),
    ],
  },
  {
    name: 'an AU whose launch file is missing',
    profile: 'cmi5',
    edit: without('index.html'),
    expected: () => [
      err('AuUrlFileMissing', 'cmi5.xml', 'The AU "https://courses.example/fixture_course/ja/au" launches "index.html", and the package has no "index.html".', lineIn(textOf('cmi5', 'cmi5.xml'), '<url>')),
    ],
  },
  {
    name: 'a moveOn cmi5 does not know',
    profile: 'cmi5',
    edit: replaceIn('cmi5.xml', 'moveOn="CompletedAndPassed"', 'moveOn="Finished"'),
    expected: () => {
      const line = lineIn(textOf('cmi5', 'cmi5.xml'), '<au ');
      return [
        err('CourseStructureSchema', 'cmi5.xml', expect.stringContaining("attribute 'moveOn': [facet 'enumeration'] The value 'Finished' is not an element of the set"), line),
        err('MoveOnInvalid', 'cmi5.xml', 'The AU "https://courses.example/fixture_course/ja/au" has moveOn="Finished"; cmi5 knows Passed, Completed, CompletedAndPassed, CompletedOrPassed, NotApplicable.', line),
      ];
    },
  },
  {
    name: 'a masteryScore in percent',
    profile: 'cmi5',
    edit: replaceIn('cmi5.xml', 'masteryScore="0.8"', 'masteryScore="80"'),
    expected: () => {
      const line = lineIn(textOf('cmi5', 'cmi5.xml'), '<au ');
      return [
        err('CourseStructureSchema', 'cmi5.xml', expect.stringContaining("attribute 'masteryScore': [facet 'maxInclusive'] The value '80' is greater than the maximum value allowed ('1')"), line),
        err('MasteryScoreInvalid', 'cmi5.xml', 'The AU "https://courses.example/fixture_course/ja/au" has masteryScore="80"; it is a decimal from 0 to 1.', line),
      ];
    },
  },
];

describe('the package check', () => {
  test.each(['scorm2004', 'scorm12', 'cmi5'] as const)('passes the untouched %s package of the fixture course with 0 errors and 0 warnings', async (profile) => {
    // As built (deflated), with its profile given and detected; and as the broken copies below
    // start out (stored, rewritten entry by entry), so each of them differs by its edit only.
    for (const [bytes, given] of [[built[profile], profile], [built[profile], undefined], [storedZip(good[profile]), profile]] as const) {
      const r = await checkPackageBytes(bytes, given);
      expect(r.profile).toBe(profile);
      expect({ findings: r.findings, errors: r.errors, warnings: r.warnings }).toEqual({ findings: [], errors: 0, warnings: 0 });
      expect(r.passed).toEqual([profile === 'cmi5' ? 'cmi5.xml: valid against cmi5 CourseStructure.xsd' : `imsmanifest.xml: valid against ${profile === 'scorm12' ? 'SCORM 1.2' : 'SCORM 2004 4th Ed.'} schemas`]);
    }
  });

  test.each(cases.map((c) => [c.name, c] as const))('rejects %s', async (_name, c) => {
    expect(await check(c)).toEqual(c.expected());
  });

  test('proves every rule of its catalog with a broken package', () => {
    const proven = new Set(cases.flatMap((c) => c.expected().map((f) => f.rule)));
    expect([...proven].sort()).toEqual(Object.keys(rules).sort());
  });

  test('runs from a file, synchronously, as the build tests call it: the profile detected, errors counted and printed', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'package-check-'));
    const ok = path.join(dir, 'ok-scorm12.zip');
    const broken = path.join(dir, 'broken-cmi5.zip');
    fs.writeFileSync(ok, storedZip(good.scorm12));
    fs.writeFileSync(broken, storedZip(replaceIn('cmi5.xml', '<au id="https://courses.example/fixture_course/ja/au"', '<au id="au"')(good.cmi5)));
    const r = checkPackage(ok);
    expect({ profile: r.profile, errors: r.errors, warnings: r.warnings }).toEqual({ profile: 'scorm12', errors: 0, warnings: 0 });
    expect(r.output).toMatch(/^ok {4}imsmanifest\.xml: valid against SCORM 1\.2 schemas$/m);
    const b = checkPackage(broken, 'cmi5');
    expect({ errors: b.errors, rules: b.findings.map((f) => f.rule) }).toEqual({ errors: 1, rules: ['IdNotAbsoluteIri'] });
    expect(b.output).toContain(`ERROR [IdNotAbsoluteIri] cmi5.xml:${lineIn(textOf('cmi5', 'cmi5.xml'), '<au ')}: The au id "au" is not an absolute IRI.`);
    expect(b.output).toMatch(/package-check: 1 error, 0 warnings\n$/);
  });
});

/**
 * SHA-256 of ADL's published control schemas, which templates/ must hold unchanged. SCORM 2004
 * 4th Edition: adlnet/SCORM-2004-4ed-Test-Suite @ 050f1b4282c914154ab80254e4767ce8c58d0d36,
 * software_development/xml/xsd/. SCORM 1.2: the control files of Rustici's golf example
 * "Run-time Basic Calls, SCORM 1.2" (himmat00007/scormTest @ b6e2f3eb0b0963beaf7010664e87fbb5628d188d).
 */
const officialSchemas: Record<'scorm2004' | 'scorm12', Record<string, string>> = {
  scorm2004: {
    'adlcp_v1p3.xsd': '87cefec31b160a1ecc9ffd1475bee6cb0e2d71b2bcd76ba1a08df0ac90cf8f7d',
    'adlnav_v1p3.xsd': '1fc2678e9acaee07ba8b0da93caa5f52da5167f2999c4adbd0a4ad74c15c8bfb',
    'adlseq_v1p3.xsd': '162b5ca35a3fc43107efe0f78f5216c76f6cad8e13921c8332b7b82db7c4ae08',
    'imscp_v1p1.xsd': '37d9a70b8b9b0303cdee1af5839fe8b32c2724c39d8124e714af650da4a08cdb',
    'imsss_v1p0.xsd': '53565d8b23842d5b667beffa4ed100e3e06cdd778b60b85efc38e7a9a1f52a90',
    'imsss_v1p0auxresource.xsd': 'c0dd16d707f37c4d26484d7c233eea6d9ccbb8bad643040359f4b4f2944c057a',
    'imsss_v1p0control.xsd': 'c8564177ca7b1c241d6ca893652f6946eb91fee450dce8607ba2189ba88e7969',
    'imsss_v1p0delivery.xsd': '58d4f343e3302e2986a641b066a3f0b30bd895b62d358a184cb5c3455427392c',
    'imsss_v1p0limit.xsd': 'debda0a7fe2a1ce6e063383c4efc9fbd5f2341355c85d66062742657be2418a9',
    'imsss_v1p0objective.xsd': '776e091df47e934432c78703e552482e83165f75c9bf89c6320ee035ecd7ae69',
    'imsss_v1p0random.xsd': '3442393c455d8a984853c1c7cdf1bf6ccf4d0c58452c0e39b6c0aab65339f597',
    'imsss_v1p0rollup.xsd': '85100e4c7ba8eff77102d73d2ce265ddd803d13191a1d2b81bf3bf8bb1eac554',
    'imsss_v1p0seqrule.xsd': 'b8fbd362e2408d318ae97cc70a7d3a8a536db29150b7ef7b355f394d06027023',
    'imsss_v1p0util.xsd': 'b7234f3f62ede3f8dc6cd35053805ad021b4642b54f34b7960945981be95a438',
  },
  scorm12: {
    'adlcp_rootv1p2.xsd': '173decaf9cd31ea847e6ff6853c702137974aca6b56567151aa4a885e0aa4883',
    'ims_xml.xsd': '5209ff1d1e89cac16e797a2cdb0d5f345343ad97c1b125483a4bc6fc29319bd5',
    'imscp_rootv1p1p2.xsd': 'd9ee699094e0db4518cf0143c81873d196b2683cf1c5ed770f108239ee079dda',
  },
};

describe('the control schemas in templates/', () => {
  test.each(['scorm2004', 'scorm12'] as const)('are the official %s files, unchanged', (profile) => {
    const dir = path.join(projectRoot, 'templates', profile, 'xsd');
    const sums = Object.fromEntries(fs.readdirSync(dir).sort().map((f) => [f, createHash('sha256').update(fs.readFileSync(path.join(dir, f))).digest('hex')]));
    expect(sums).toEqual(officialSchemas[profile]);
  });
});
