/**
 * Imported files are untrusted. Each unsafe or unusable input is refused with its own rule id
 * and a message saying why, and the course sources are left exactly as they were: no variant
 * folder appears, nothing in it changes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deflateSync, strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Pptx, rawZip } from './edit-ooxml.ts';
import { catalog } from '../../build/diagnostics.ts';
import { buildManuscripts, courseCopy, runImport, snapshot } from './support.ts';

let content: string;
let deck: Uint8Array;
let workbook: Uint8Array;
const scratch: string[] = [];

beforeAll(async () => {
  content = courseCopy('minimal');
  const files = await buildManuscripts(content, { langs: ['en'] });
  deck = new Uint8Array(fs.readFileSync(files.find((f) => f.endsWith('.pptx'))!));
  workbook = new Uint8Array(fs.readFileSync(files.find((f) => f.endsWith('confirmation-test.xlsx'))!));
  scratch.push(content, path.dirname(files[0]!));
});

afterAll(() => {
  for (const d of scratch) fs.rmSync(d, { recursive: true, force: true });
});

function file(name: string, bytes: Uint8Array | string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'import-unsafe-'));
  scratch.push(dir);
  const f = path.join(dir, name);
  fs.writeFileSync(f, bytes);
  return f;
}

const xml = (s: string) => strToU8(s);
const contentTypes = '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>';

/** A deck with one part replaced through `edit`. */
function deckWith(edit: (d: Pptx) => void): Uint8Array {
  const d = new Pptx(deck);
  edit(d);
  return d.bytes();
}

/** The deck's parts, stored, with `extra` entries after them (for what no zip library writes). */
function deckPlus(extra: Parameters<typeof rawZip>[0]): Uint8Array {
  return rawZip([...Object.entries(unzipSync(deck)).map(([name, data]) => ({ name, data })), ...extra]);
}

/** A deck whose properties and slides carry nothing of the course: a deck someone else made. */
function foreignDeck(author = 'Jane Doe'): Uint8Array {
  return deckWith((d) => {
    d.set('docProps/core.xml', d.get('docProps/core.xml').replace(/fixture_course 1\.2\.3/g, author).replace(/<dc:title>[^<]*<\/dc:title>/, '<dc:title>Quarterly results</dc:title>'));
    for (const part of d.slideParts()) {
      d.set(part, d.get(part).replace(/<p:cSld name="[^"]*">/, '<p:cSld>'));
      const notes = d.notesOf(part);
      d.set(notes, d.get(notes).replace(/\[slide: [^\]]*\]/, ''));
    }
  });
}

/**
 * `length` characters of words drawn from a fixed vocabulary by a fixed sequence: text that
 * compresses about as well as prose, so it passes the zip bomb checks and only its length is
 * refused.
 */
function prose(length: number): string {
  let seed = 11;
  const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
  const vocabulary = Array.from({ length: 4000 }, () => Array.from({ length: 3 + (next() % 7) }, () => String.fromCharCode(97 + (next() % 26))).join(''));
  const words: string[] = [];
  let n = 0;
  while (n < length) {
    const w = vocabulary[next() % vocabulary.length]!;
    words.push(w);
    n += w.length + 1;
  }
  return words.join(' ').slice(0, length);
}

/** The deck with `text` added to the first bullet of the slide basics/two_views. */
function deckWithText(text: string): Uint8Array {
  return deckWith((d) => {
    const part = d.slideOf('basics/two_views');
    d.set(part, d.get(part).replace('The means and manner', `The means and manner ${text}`));
  });
}

const cases: { name: string; make: () => Uint8Array | string; ext?: string; rule: string; message: RegExp }[] = [
  { name: 'a text file named .pptx', make: () => 'Just some text, not a presentation.', rule: 'NotAPackage', message: /not a zip package/ },
  { name: 'a zip that is not an Office document', make: () => rawZip([{ name: 'readme.txt', data: xml('hello') }]), rule: 'NotAPackage', message: /no \[Content_Types\]\.xml/ },
  { name: 'an entry climbing out with ".."', make: () => rawZip([{ name: '[Content_Types].xml', data: xml(contentTypes) }, { name: 'ppt/../../evil.sh', data: xml('rm -rf /') }]), rule: 'UnsafeArchive', message: /climbs out of its folder/ },
  { name: 'an entry with an absolute path', make: () => rawZip([{ name: '/etc/cron.d/evil', data: xml('x') }]), rule: 'UnsafeArchive', message: /absolute path/ },
  { name: 'an entry with backslashes', make: () => rawZip([{ name: 'ppt\\..\\..\\evil.dll', data: xml('x') }]), rule: 'UnsafeArchive', message: /backslash/ },
  { name: 'an entry naming a drive', make: () => rawZip([{ name: 'C:/Windows/evil.dll', data: xml('x') }]), rule: 'UnsafeArchive', message: /names a drive/ },
  {
    name: 'a zip bomb (an entry inflating 1000 times)',
    make: () => {
      const zeros = new Uint8Array(4 * 1024 * 1024);
      return rawZip([{ name: '[Content_Types].xml', data: zeros, method: 8, deflated: deflateSync(zeros) }]);
    },
    rule: 'ArchiveTooLarge',
    message: /inflates \d+ times .*zip bomb/,
  },
  {
    name: 'a package unpacking to more than 50 MB',
    make: () => rawZip(Array.from({ length: 60 }, (_, i) => ({ name: `part${i}.xml`, data: xml('<a/>'), method: 8 as const, deflated: deflateSync(xml('<a/>')), declaredSize: 1000 * 1000 }))),
    rule: 'ArchiveTooLarge',
    message: /unpacks to more than 50 MB/,
  },
  {
    name: 'an entry inflating to more than its declared size',
    make: () => {
      const big = strToU8(`${contentTypes}${' '.repeat(200_000)}`);
      return rawZip([{ name: '[Content_Types].xml', data: big, method: 8, deflated: deflateSync(big), declaredSize: 2000 }]);
    },
    rule: 'ArchiveTooLarge',
    message: /inflates to more than the 2000 bytes the package declares/,
  },
  {
    name: 'a file larger than 20 MB',
    make: () => new Uint8Array(21 * 1024 * 1024),
    rule: 'ArchiveTooLarge',
    message: /21\.0 MB; manuscripts larger than 20 MB are refused/,
  },
  {
    name: 'a slide with a DOCTYPE and an external entity (XXE)',
    make: () => deckWith((d) => d.set(d.slideOf('basics/two_views'), d.get(d.slideOf('basics/two_views')).replace('?>', '?><!DOCTYPE p:sld [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>').replace('The demand itself', '&xxe;'))),
    rule: 'XmlDoctype',
    message: /declares a document type/,
  },
  {
    name: 'content types with a "billion laughs" entity expansion',
    make: () => deckWith((d) => d.set('[Content_Types].xml', d.get('[Content_Types].xml').replace('?>', '?><!DOCTYPE Types [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'))),
    rule: 'XmlDoctype',
    message: /\[Content_Types\]\.xml.*document type/,
  },
  {
    name: 'a slide that is not well-formed XML',
    make: () => deckWith((d) => d.set(d.slideOf('basics/policy'), d.get(d.slideOf('basics/policy')).replace('</p:spTree>', ''))),
    rule: 'XmlMalformed',
    message: /slide\d+\.xml, line \d+: <\/p:cSld> closes <p:spTree>/,
  },
  {
    name: 'an entity XML does not define',
    make: () => deckWith((d) => d.set(d.slideOf('basics/policy'), d.get(d.slideOf('basics/policy')).replace('<a:t>Case', '<a:t>&nbsp;Case'))),
    rule: 'XmlMalformed',
    message: /"&nbsp;" is not one of XML's five/,
  },
  {
    name: 'a presentation with more than 1,000 slides',
    make: () => deckWith((d) => d.set('ppt/presentation.xml', d.get('ppt/presentation.xml').replace(/(<p:sldId id="256" r:id="rId\d+"\/>)/, (m) => m.repeat(1001)))),
    rule: 'ArchiveTooLarge',
    message: /\d{4} slides; more than 1000 are refused/,
  },
  {
    name: 'a presentation made from another course',
    make: () => deckWith((d) => d.set('docProps/core.xml', d.get('docProps/core.xml').replace(/fixture_course 1\.2\.3/g, 'other_course 1.0.0'))),
    rule: 'NotAManuscript',
    message: /made from the course "other_course", not from "fixture_course"/,
  },
  {
    name: 'a presentation whose slides carry no ids of the course',
    make: () =>
      deckWith((d) => {
        for (const part of d.slideParts()) {
          d.set(part, d.get(part).replace(/<p:cSld name="[^"]*">/, '<p:cSld>'));
          const notes = d.notesOf(part);
          d.set(notes, d.get(notes).replace(/\[slide: [^\]]*\]/, ''));
        }
      }),
    rule: 'NotAManuscript',
    message: /No slide of the presentation carries an id of this course/,
  },
  {
    name: 'an encrypted entry',
    make: () => {
      const z = rawZip([{ name: '[Content_Types].xml', data: xml(contentTypes) }]);
      // General-purpose flag bit 0 in the central directory: encrypted.
      let cd = z.length - 4;
      while (!(z[cd] === 0x50 && z[cd + 1] === 0x4b && z[cd + 2] === 0x01 && z[cd + 3] === 0x02)) cd--;
      z[cd + 8] = 1;
      return z;
    },
    rule: 'UnsafeArchive',
    message: /is encrypted/,
  },
  {
    name: 'a workbook with a DOCTYPE in its shared strings',
    ext: 'xlsx',
    make: () => {
      const w = new Pptx(workbook);
      w.set('xl/sharedStrings.xml', w.get('xl/sharedStrings.xml').replace('?>', '?><!DOCTYPE sst SYSTEM "http://evil.example/x.dtd">'));
      return w.bytes();
    },
    rule: 'XmlDoctype',
    message: /xl\/sharedStrings\.xml.*document type/,
  },
  {
    name: 'document properties with a DOCTYPE and an external entity',
    make: () => deckWith((d) => d.set('docProps/core.xml', d.get('docProps/core.xml').replace('?>', '?><!DOCTYPE cp:coreProperties [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>').replace('<dc:title>', '<dc:title>&xxe;'))),
    rule: 'XmlDoctype',
    message: /^docProps\/core\.xml, line 1: the part declares a document type/,
  },
  {
    name: 'a symbolic link among the parts of a deck',
    make: () => deckPlus([{ name: 'ppt/media/image9.png', data: xml('/etc/passwd'), unixMode: 0o120777 }]),
    rule: 'UnsafeArchive',
    message: /^The entry "ppt\/media\/image9\.png" is a symbolic link/,
  },
  {
    name: 'a device file among the parts of a deck',
    make: () => deckPlus([{ name: 'ppt/media/image9.png', data: new Uint8Array(0), unixMode: 0o020666 }]),
    rule: 'UnsafeArchive',
    message: /^The entry "ppt\/media\/image9\.png" is a special file/,
  },
  {
    name: 'a zip inside the deck',
    make: () =>
      deckWith((d) => {
        d.parts['ppt/embeddings/payload.zip'] = zipSync({ 'evil.sh': xml('rm -rf /') });
      }),
    rule: 'NestedArchive',
    message: /^The entry "ppt\/embeddings\/payload\.zip" is itself a zip archive/,
  },
  {
    name: "a workbook named like a chart's data that no chart names",
    make: () =>
      deckWith((d) => {
        d.parts['ppt/embeddings/Microsoft_Excel_Worksheet1.xlsx'] = zipSync({ '[Content_Types].xml': xml(contentTypes) });
      }),
    rule: 'NestedArchive',
    message: /^The entry "ppt\/embeddings\/Microsoft_Excel_Worksheet1\.xlsx" is itself a zip archive/,
  },
  {
    name: 'a zip named as a picture, compressed inside the deck',
    make: () =>
      deckWith((d) => {
        d.parts['ppt/media/image9.png'] = zipSync({ '../../evil.sh': xml('rm -rf /') });
      }),
    rule: 'NestedArchive',
    message: /^The entry "ppt\/media\/image9\.png" is itself a zip archive/,
  },
  {
    name: 'a slide with 10 MB of text',
    make: () => deckWithText(prose(10_000_000)),
    rule: 'TextTooLong',
    message: /^The part ppt\/slides\/slide\d+\.xml unpacks to 9\.\d MB of XML; no part of a manuscript needs more than 2 MB/,
  },
  {
    name: 'a slide with 30,000 characters of text',
    make: () => deckWithText(prose(30_000)),
    rule: 'TextTooLong',
    message: /^Slide 4 \(basics\/two_views\) holds 30,\d{3} characters of text with its notes; a slide of a manuscript is refused above 20,000\.$/,
  },
  {
    name: 'notes with 30,000 characters of text',
    make: () =>
      deckWith((d) => {
        const notes = d.notesOf(d.slideOf('basics/policy'));
        d.set(notes, d.get(notes).replace('nobody handles this alone.', `nobody handles this alone. ${prose(30_000)}`));
      }),
    rule: 'TextTooLong',
    message: /^Slide 5 \(basics\/policy\) holds 30,\d{3} characters of text with its notes/,
  },
  {
    name: 'a workbook cell with 40,000 characters',
    ext: 'xlsx',
    make: () => {
      const w = new Pptx(workbook);
      w.set('xl/sharedStrings.xml', w.get('xl/sharedStrings.xml').replace('Which is right?', `Which is right? ${prose(40_000)}`));
      return w.bytes();
    },
    rule: 'TextTooLong',
    message: /^Sheet "Test", cell B\d+ holds 40,016 characters; a cell is refused above 32,767 \(Excel's own limit\)\.$/,
  },
  {
    name: 'a presentation someone else made (no property or slide of the course)',
    make: () => foreignDeck(),
    rule: 'NotAManuscript',
    message: /^The presentation is not one of this course's manuscripts: neither its properties \(author "Jane Doe"\) nor its slides .* carry an id of "fixture_course"\.$/,
  },
  {
    name: 'a workbook someone else made',
    ext: 'xlsx',
    make: () => {
      const w = new Pptx(workbook);
      w.set('docProps/core.xml', w.get('docProps/core.xml').replace(/<dc:creator>[^<]*</, '<dc:creator>Microsoft Office User<').replace(/<cp:keywords>[^<]*</, '<cp:keywords><').replace(/<dc:subject>[^<]*</, '<dc:subject>Budget<'));
      return w.bytes();
    },
    rule: 'NotAManuscript',
    message: /^The workbook is not one of this course's manuscripts: its properties \(author "Microsoft Office User"\) name neither "fixture_course" nor one of its workbooks/,
  },
];

describe('an unsafe or unusable file', () => {
  test.each(cases)('is refused, writing nothing: $name', async ({ make, ext, rule, message }) => {
    const f = file(`manuscript.${ext ?? 'pptx'}`, make());
    const before = snapshot(content);
    const r = await runImport(f, content, 'acme');
    expect(r.ok).toBe(false);
    expect(r.written).toBe(false);
    expect(r.diagnostics.errors.map((d) => d.rule)).toEqual([rule]);
    expect(r.diagnostics.errors[0]!.message).toMatch(message);
    expect(r.diagnostics.errors[0]!.file).toBe(f);
    expect(snapshot(content)).toEqual(before);
    expect(fs.existsSync(path.join(content, 'variants'))).toBe(false);
  });
});

describe('a presentation someone else made', () => {
  test.each([
    { how: 'without an author or a language in its name', author: '', name: 'quarterly.pptx' },
    { how: 'with a one-word author', author: 'jdoe', name: 'quarterly.pptx' },
    { how: 'named like a manuscript of the course', author: 'Jane Doe', name: 'fixture_course-en-manuscript.pptx' },
  ])('is refused as not the course\'s before its language is asked for: $how', async ({ author, name }) => {
    const r = await runImport(file(name, foreignDeck(author)), content, 'acme');
    expect(r.diagnostics.errors.map((d) => d.rule)).toEqual(['NotAManuscript']);
    expect(r.diagnostics.errors[0]!.message).toBe(
      `The presentation is not one of this course's manuscripts: neither its properties${author ? ` (author "${author}")` : ''} nor its slides (slide names, "[slide: …]" lines in the notes) carry an id of "fixture_course".`,
    );
    expect(r.lang).toBe(null);
  });
});

describe('a file that does not exist', () => {
  test('is named as missing, with what to pass instead', async () => {
    const dir = path.dirname(file('fixture_course-en-manuscript.pptx', deck));
    const missing = path.join(dir, 'fixture_course-en-manuscrpt.pptx');
    const r = await runImport(missing, content, 'acme');
    expect(r.diagnostics.errors.map((d) => ({ rule: d.rule, file: d.file, message: d.message, hint: d.hint }))).toEqual([
      { rule: 'ManuscriptNotFound', file: missing, message: `There is no file ${missing}. Did you mean "fixture_course-en-manuscript.pptx"?`, hint: catalog.ManuscriptNotFound.hint },
    ]);
    expect(catalog.ManuscriptNotFound.hint).toMatch(/^Pass the path of the edited \.pptx or \.xlsx file itself/);
    expect(fs.existsSync(path.join(content, 'variants'))).toBe(false);
  });

  test('in a folder that does not exist either, says so', async () => {
    const missing = path.join(os.tmpdir(), 'import-no-such-folder', 'deck.pptx');
    const r = await runImport(missing, content, 'acme');
    expect(r.diagnostics.errors.map((d) => `${d.rule}: ${d.message}`)).toEqual([`ManuscriptNotFound: There is no file ${missing}: the folder ${path.dirname(missing)} does not exist.`]);
  });
});

describe('a variant name', () => {
  test('that cannot be an id is refused before the file is read', async () => {
    const r = await runImport(file('m.pptx', deck), content, '../evil');
    expect(r.diagnostics.errors.map((d) => d.rule)).toEqual(['InvalidId']);
    expect(fs.existsSync(path.join(content, 'variants'))).toBe(false);
  });
});
