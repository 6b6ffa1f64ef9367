/**
 * The importer's readers and writers on their own: the XML parser (what it refuses, what it
 * decodes), the slide ids each application keeps, and Markdown written from slide text reading
 * back as exactly that text.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Para, Run } from '../../build/markdown/index.ts';
import { type Unit, unitsOf } from '../../build/import/blocks.ts';
import { bodyMarkdown, escapeText, narrationMarkdown, renderUnits } from '../../build/import/markdown.ts';
import { openPackage } from '../../build/import/package.ts';
import { readDeck } from '../../build/import/pptx-read.ts';
import { kids, parseXml, textOf, XmlError } from '../../build/import/xml.ts';
import { manuscripts } from './support.ts';

describe('the XML parser', () => {
  test.each([
    ['<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>', 'XmlDoctype', /declares a document type/],
    ['<?xml version="1.0"?>\n<!doctype a SYSTEM "http://evil.example/a.dtd"><a/>', 'XmlDoctype', /line 2: the part declares a document type/],
    ['<a><!ENTITY x "y"></a>', 'XmlDoctype', /document type/],
    ['<a>&x;</a>', 'XmlMalformed', /"&x;" is not one of XML's five/],
    ['<a>&#0;</a>', 'XmlMalformed', /names no character/],
    ['<a>AT&T</a>', 'XmlMalformed', /a "&" that starts no entity/],
    ['<a><b></a>', 'XmlMalformed', /<\/a> closes <b>/],
    ['<a>', 'XmlMalformed', /<a> is never closed/],
    ['<a/><b/>', 'XmlMalformed', /a second root element/],
    ['<a x="1" x="2"/>', 'XmlMalformed', /the attribute x twice/],
    ['<a x="<"/>', 'XmlMalformed', /contains "<"/],
    ['<p:sld/>', 'XmlMalformed', /prefix "p" of <p:sld> is not declared/],
    ['text<a/>', 'XmlMalformed', /text outside the root element/],
  ])('refuses %j (%s)', (xml, rule, message) => {
    let error: unknown;
    try {
      parseXml(xml, 'part.xml');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(XmlError);
    expect((error as XmlError).rule).toBe(rule);
    expect((error as XmlError).message).toMatch(message);
  });

  test('decodes the five entities and character references, keeps CDATA as text, skips comments', () => {
    const el = parseXml(`<?xml version="1.0" encoding="UTF-8"?><!-- c --><a t='&quot;x&apos;'>&lt;&gt;&amp;&#x41;&#66;<![CDATA[<not markup>]]></a>`, 'p');
    expect(el.attrs['t']).toBe(`"x'`);
    expect(textOf(el)).toBe('<>&AB<not markup>');
  });

  test('names elements by namespace, whatever prefix the writer chose', () => {
    const el = parseXml('<x:sld xmlns:x="http://schemas.openxmlformats.org/presentationml/2006/main" xmlns:d="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:q="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><d:t q:id="rId1"/></x:sld>', 'p');
    expect(el.name).toBe('p:sld');
    expect(kids(el)[0]).toEqual({ name: 'a:t', attrs: { 'r:id': 'rId1' }, children: [] });
    const strict = parseXml('<worksheet xmlns="http://purl.oclc.org/ooxml/spreadsheetml/main"><row/></worksheet>', 'p');
    expect([strict.name, kids(strict)[0]!.name]).toEqual(['s:worksheet', 's:row']);
  });
});

describe('slide ids in the committed manuscripts', () => {
  const ids = (file: string) => readDeck(openPackage(new Uint8Array(fs.readFileSync(path.join(manuscripts, file))), file)).slides.map((s) => [s.name, s.marker]);

  test('edited as PowerPoint edits, a deck keeps both the slide names and the notes markers; a duplicate carries both of its original', () => {
    const slides = ids('minimal-en-edited.pptx');
    expect(slides.slice(3, 6)).toEqual([
      ['basics/policy', 'basics/policy'],
      ['basics/two_views', 'basics/two_views'],
      ['basics/two_views', 'basics/two_views'],
    ]);
    expect(slides.every(([name, marker]) => name !== null && name === marker)).toBe(true);
  });

  test('re-saved by LibreOffice, a deck loses every slide name and keeps every notes marker', () => {
    const slides = ids('minimal-en-lo.pptx');
    expect(slides.length).toBe(ids('minimal-en-edited.pptx').length);
    expect(slides.map(([name]) => name)).toEqual(slides.map(() => null));
    expect(slides.map(([, marker]) => marker)).toEqual(ids('minimal-en-edited.pptx').map(([, marker]) => marker));
  });
});

const para = (runs: Run[], extra: Partial<Para> = {}): Unit => ({ kind: 'para', para: { runs, list: 'none', level: 0, ...extra } });
const org = { companyName: 'ACME Corporation' };

describe('Markdown written from slide text', () => {
  // Text that means something in Markdown or in the lesson format, typed by a customer.
  const nasty = [
    '## Not a heading',
    '::: narration',
    '- not a list item',
    '1. not a number',
    '> not a case',
    '| not | a table |',
    '**not bold** and *not italic* and ~~not struck~~',
    '`not code` <b>not html</b> &amp; not an entity',
    '[not a link](javascript:alert(1))',
    '{{org.companyName}} is not a placeholder here',
    'back\\slash and under_score_s',
    '---',
    '=',
    '    four spaces',
  ];
  test.each(nasty)('keeps %j as that very text', (text) => {
    // As read from a slide: spaces at the edges of a paragraph do not show, so they do not count.
    const units = unitsOf([{ kind: 'text', paras: [{ runs: [{ text }], list: 'none', level: 0 }] }]);
    const { markdown, lost } = bodyMarkdown(units, '', org);
    expect(lost).toEqual([]);
    expect(renderUnits(markdown, org)).toEqual([para([{ text: text.trim() }])]);
  });

  test('writes bold, italic and struck runs, lists with levels and numbers, cases and tables', () => {
    const units: Unit[] = [
      para([{ text: 'A ' }, { text: 'bold', bold: true }, { text: ' and ' }, { text: 'slanted', italic: true }, { text: ' word' }]),
      para([{ text: 'first' }], { list: 'number', number: 1 }),
      para([{ text: 'second' }], { list: 'number', number: 2 }),
      para([{ text: 'under it' }], { list: 'bullet', level: 1 }),
      { kind: 'quote', paras: [{ runs: [{ text: 'A case at ' }, { text: 'ACME Corporation', bold: true }], list: 'none', level: 0 }] },
      { kind: 'table', header: [[{ text: 'Look at' }], [{ text: 'Ask' }]], rows: [[[{ text: 'a | b' }], [{ text: 'why', bold: true }]]] },
    ];
    const { markdown, lost } = bodyMarkdown(units, 'Our name is {{org.companyName}}.', org);
    expect(lost).toEqual([]);
    expect(markdown).toBe('A **bold** and *slanted* word\n\n1. first\n2. second\n   - under it\n\n> A case at **{{org.companyName}}**\n\n| Look at | Ask |\n| --- | --- |\n| a \\| b | **why** |');
    expect(renderUnits(markdown, org)).toEqual(units);
  });

  test.each([
    ['（', '重要', '）', 'です', '（**重要**）です'],
    ['約', '80%', '', 'の人', '約**80**%の人'],
    ['これは', '「重要」', '', 'です', 'これは「**重要**」です'],
  ])('bolds Japanese text next to punctuation, which CommonMark would not close: %s%s%s%s', (before, bold, after, rest, expected) => {
    const units = [para([{ text: before }, { text: `${bold}${after}`, bold: true }, { text: rest }].filter((r) => r.text))];
    const { markdown, lost } = bodyMarkdown(units, '', {});
    expect(lost).toEqual([]);
    expect(markdown).toBe(expected);
  });

  test('keeps the source of unchanged blocks as written, placeholders and all', () => {
    const original = '- The {{org.companyName}} *way*\n- Second\n\nA closing line.';
    const units = [...renderUnits(original, org).slice(0, 2), para([{ text: 'A new closing line.' }])];
    expect(bodyMarkdown(units, original, org).markdown).toBe('- The {{org.companyName}} *way*\n- Second\n\nA new closing line.');
  });

  test('turns notes back into narration, keeping unchanged paragraphs and putting placeholders back', () => {
    const original = 'At {{org.companyName}} **nobody** is alone.\n\nSecond paragraph.';
    expect(narrationMarkdown(['At ACME Corporation nobody is alone.', 'A new paragraph about ACME Corporation.', '• a point'], original, org)).toBe(
      'At {{org.companyName}} **nobody** is alone.\n\nA new paragraph about {{org.companyName}}.\n\n- a point',
    );
  });

  test('escapes what only a lesson file would read as structure', () => {
    expect(escapeText('## x\n::: narration\n:::')).toBe('\\## x\n\\::: narration\n\\:::');
  });
});
