import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { identifiers, idMaxLength, idPattern, isCourseId } from '../../player/spec/identifiers.ts';
import { MOODLE } from '../../player/spec/moodle.ts';
import { SCORM12 } from '../../player/spec/scorm12.ts';
import { DATA_MODEL_ERRORS_2004, FILL_IN_SPM, LIMITS_2004, LONG_FILL_IN_SPM, SCORM2004 } from '../../player/spec/scorm2004.ts';
import { projectRoot } from '../support/fixture.ts';

describe('SCORM 2004 table', () => {
  test.each([
    ['cmi.location', 1000],
    ['cmi.suspend_data', 64000],
    ['cmi.interactions.n.id', 4000],
    ['cmi.interactions.n.description', 250],
    ['cmi.comments_from_learner.n.comment', 4000],
  ] as const)('gives %s its SPM of %i characters (RTE 4.2)', (element, spm) => {
    expect(SCORM2004.limits[element]).toBe(spm);
  });

  test.each([
    ['fill-in', 10, 250],
    ['long-fill-in', 1, 4000],
    ['choice', 36, undefined],
  ] as const)('lets a %s response hold %i values of at most %s characters', (type, values, spm) => {
    const r: { values: number; spm?: number } = SCORM2004.responses[type];
    expect([r.values, r.spm]).toEqual([values, spm]);
  });

  test('describes a response for every interaction type of the vocabulary', () => {
    expect(Object.keys(SCORM2004.responses).sort()).toEqual([...SCORM2004.vocabularies['cmi.interactions.n.type']].sort());
  });
});

describe('SCORM 1.2 table', () => {
  test.each([
    ['cmi.core.lesson_location', 255],
    ['cmi.suspend_data', 4096],
    ['cmi.interactions.n.id', 255],
    ['cmi.interactions.n.student_response', 255],
  ] as const)('gives %s at most %i characters (RTE 3.4)', (element, max) => {
    expect(SCORM12.limits[element]).toBe(max);
  });

  test.each(['00:00:05.20', '0001:02:03.45', '9999:59:59.99'])('takes CMITimespan %s', (v) => expect(v).toMatch(SCORM12.formats.CMITimespan));
  test.each(['0:00:05', '00:00:05.123', 'PT5S', '10000:00:00'])('refuses CMITimespan %s', (v) => expect(v).not.toMatch(SCORM12.formats.CMITimespan));
  test.each(['survey-aw_know', 'test-a1-q_one', 'x'.repeat(255)])('takes CMIIdentifier %s', (v) => expect(v).toMatch(SCORM12.formats.CMIIdentifier));
  test.each(['', 'item one', '意識', 'x'.repeat(256)])('refuses CMIIdentifier "%s"', (v) => expect(v).not.toMatch(SCORM12.formats.CMIIdentifier));
});

/** Values that probe the edges of the formats both a standard and Moodle define. */
const samples = [
  '', '.', '-', '0', '5', '5.', '.5', '-5', '85.5', '100', '1000', '12345', '-0.25', '1e3', 'abc',
  '00:00:05', '00:00:05.20', '0001:02:03.45', '29:00:00', '24:00:00', '23:59:59.99', '9999:59:59.99',
  'survey-aw_know', 'test.a1.q_one', 'item one', '意識', 'x'.repeat(255), 'x'.repeat(256),
  'correct', 'wrong', 'incorrect', 'neutral', 'unanticipated',
];

describe('the Moodle profile overlays the standard tables and only tightens them', () => {
  const overlays = [
    ['SCORM 2004', SCORM2004, MOODLE.scorm2004],
    ['SCORM 1.2', SCORM12, MOODLE.scorm12],
  ] as const;

  test.each(overlays)('%s: no string limit is longer than the standard', (_, standard, moodle) => {
    const std: Record<string, number> = standard.limits;
    for (const [element, max] of Object.entries(moodle.limits as Record<string, number>)) {
      expect.soft(max, element).toBeLessThanOrEqual(std[element]!);
    }
  });

  test.each(overlays)('%s: every vocabulary is the standard one or a part of it', (_, standard, moodle) => {
    const std: Record<string, readonly string[]> = standard.vocabularies;
    for (const [element, words] of Object.entries(moodle.vocabularies as Record<string, readonly string[]>)) {
      expect.soft(std[element], element).toEqual(expect.arrayContaining([...words]));
    }
  });

  test.each(overlays)('%s: every range lies within the standard range', (_, standard, moodle) => {
    const std: Record<string, readonly [number, number]> = standard.ranges;
    for (const [element, [lo, hi]] of Object.entries(moodle.ranges as Record<string, readonly [number, number]>)) {
      expect.soft(lo, element).toBeGreaterThanOrEqual(std[element]![0]);
      expect.soft(hi, element).toBeLessThanOrEqual(std[element]![1]);
    }
  });

  test('SCORM 2004: no response takes more values or longer parts than the standard', () => {
    const std: Record<string, { values: number; spm?: number }> = SCORM2004.responses;
    for (const [type, r] of Object.entries(MOODLE.scorm2004.responses as Record<string, { values: number; spm?: number }>)) {
      expect.soft(r.values, type).toBeLessThanOrEqual(std[type]!.values);
      if (r.spm !== undefined) expect.soft(r.spm, type).toBeLessThanOrEqual(std[type]!.spm!);
    }
  });

  test('SCORM 1.2: a format Moodle redefines accepts no value the standard refuses', () => {
    const std: Record<string, RegExp> = SCORM12.formats;
    for (const [type, re] of Object.entries(MOODLE.scorm12.formats as Record<string, RegExp>)) {
      if (!std[type]) continue;
      for (const v of samples) if (re.test(v)) expect.soft(v, `${type} "${v}"`).toMatch(std[type]!);
    }
  });

  test('SCORM 1.2: Moodle\'s CMIResult is the standard vocabulary or a CMIDecimal', () => {
    for (const v of samples) {
      if (!MOODLE.scorm12.formats.CMIResult.test(v)) continue;
      const standard = (SCORM12.vocabularies['cmi.interactions.n.result'] as readonly string[]).includes(v) || SCORM12.formats.CMIDecimal.test(v);
      expect.soft(standard, v).toBe(true);
    }
  });

  test('SCORM 2004: Moodle\'s CMIShortIdentifier fits the standard short_identifier_type', () => {
    expect(MOODLE.scorm2004.formats.CMIShortIdentifier.test('x'.repeat(SCORM2004.types.short_identifier_type))).toBe(true);
    expect(MOODLE.scorm2004.formats.CMIShortIdentifier.test('x'.repeat(SCORM2004.types.short_identifier_type + 1))).toBe(false);
  });

  /** Every row where the overlay differs from the standard, so a new deviation is a decision. */
  function deviations(standard: object, moodle: object): string[] {
    const out: string[] = [];
    const std = standard as Record<string, unknown>;
    for (const [table, rows] of Object.entries(moodle)) {
      if (!(table in std)) {
        out.push(table);
        continue;
      }
      if (rows && typeof rows === 'object' && !Array.isArray(rows) && !(rows instanceof RegExp)) {
        for (const [key, value] of Object.entries(rows)) {
          const base = (std[table] as Record<string, unknown>)[key];
          if (String(base) !== String(value) || JSON.stringify(base) !== JSON.stringify(value)) out.push(`${table} ${key}`);
        }
      } else if (JSON.stringify(rows) !== JSON.stringify(std[table])) out.push(table);
    }
    return out.sort();
  }

  test('SCORM 2004 deviates where Moodle checks its own formats and where the profile shortens ids', () => {
    expect(deviations(SCORM2004, MOODLE.scorm2004)).toEqual([
      'forbidden',
      'formats',
      'limits cmi.interactions.n.id',
      'limits cmi.interactions.n.objectives.n.id',
      'limits cmi.objectives.n.id',
    ]);
  });

  test('SCORM 1.2 deviates only in CMIDecimal and CMIResult', () => {
    expect(deviations(SCORM12, MOODLE.scorm12)).toEqual(['formats CMIDecimal', 'formats CMIResult']);
  });
});

describe('course identifiers', () => {
  test.each(['a', 'what_is', 'q_phone_01', 'x'.repeat(idMaxLength)])('accepts the id "%s"', (id) => expect(isCourseId(id)).toBe(true));
  test.each(['', '_a', 'a_', '1a', 'A', 'what-is', 'what.is', 'é', 'x'.repeat(idMaxLength + 1)])('refuses the id "%s"', (id) => expect(isCourseId(id)).toBe(false));

  test('keeps the longest joined id within the Moodle profile\'s interaction id', () => {
    const longest = `test.a999.${'x'.repeat(idMaxLength)}`;
    expect(longest.length).toBeLessThanOrEqual(MOODLE.scorm2004.limits['cmi.interactions.n.id']);
    expect(longest).toMatch(MOODLE.scorm2004.formats.CMIShortIdentifier);
  });

  test('maps onto SCORM 1.2 one-to-one: an id holds no "-", which stands for "." there', () => {
    expect(idPattern.test('a-b')).toBe(false);
  });

  test('defs.schema.json defines each identifier without writing its pattern', () => {
    const defs = JSON.parse(fs.readFileSync(path.join(projectRoot, 'build/schemas/defs.schema.json'), 'utf8')) as { definitions: Record<string, object> };
    for (const name of Object.keys(identifiers)) {
      expect(defs.definitions[name], name).toBeDefined();
      expect(defs.definitions[name], name).not.toHaveProperty('pattern');
    }
  });
});

// --- No second copy of the tables ----------------------------------------------------------

/** The identifier patterns as written in source, and a core every variant of the id shares. */
const patternTexts = [...Object.values(identifiers).map((d) => d.pattern.replace(/^\^|\$$/g, '')), '[a-z0-9_]*[a-z0-9]'];

const limitNumbers = /(?<![\w.])(4096|64_?000|4_?000|250|1000|255)(?![\w.])/;
/** Words that put a number next to a SCORM element or a course id. */
const specWords = /suspend|description|location|\bloc\b|locMax|identifier|\bids?\b|fill-in|response|feedback|comment|scorm|cmi/i;
/** A number used as a string length, whatever the words around it. */
const lengthUse = new RegExp(
  [String.raw`\.length\s*[<>]=?\s*N`, String.raw`N\s*[<>]=?\s*[\w.]*\.length`, String.raw`maxLength"?\s*[:=]\s*N`, String.raw`\{\d*,\s*N\}`]
    .join('|')
    .replace(/N/g, limitNumbers.source),
);

/** Source lines that repeat a SCORM limit or an identifier pattern, as `file:line: text`. */
function duplicatesIn(file: string, text: string): string[] {
  const out: string[] = [];
  let inBlockComment = false;
  text.split('\n').forEach((line, i) => {
    const where = `${file}:${i + 1}: ${line.trim()}`;
    if (patternTexts.some((p) => line.includes(p))) {
      out.push(where);
      return;
    }
    if (file.endsWith('.json')) {
      if (lengthUse.test(line)) out.push(where);
      return;
    }
    // Comments may name a limit to explain it; code must read it from the tables.
    let code = line;
    if (inBlockComment) {
      const end = code.indexOf('*/');
      if (end < 0) return;
      code = code.slice(end + 2);
      inBlockComment = false;
    }
    if (/^\s*\*/.test(code)) return;
    code = code.replace(/\/\*.*?\*\//g, '');
    const open = /(^|[\s;{}(),])\/\*/.exec(code);
    if (open) {
      inBlockComment = true;
      code = code.slice(0, open.index);
    }
    code = code.replace(/(^|\s)\/\/.*$/, '');
    if (!limitNumbers.test(code)) return;
    if (specWords.test(code) || lengthUse.test(code)) out.push(where);
  });
  return out;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|json)$/.test(e.name))
    .map((e) => path.relative(projectRoot, path.join(e.parentPath, e.name)))
    .filter((f) => (f.endsWith('.ts') || f.startsWith(path.join('build', 'schemas'))) && !f.startsWith(path.join('player', 'spec')));
}

describe('the SCORM 2004 player writes by the standard tables, which Moodle leaves as they are', () => {
  // player/lms/scorm2004.ts reads LIMITS_2004 and the fill-in lengths, not MOODLE.scorm2004, so its
  // bundle carries none of the profile. Should the profile ever tighten one of these, the
  // player would have to write to the profile instead.
  test.each(['cmi.location', 'cmi.interactions.n.description'] as const)('Moodle keeps %s at the standard limit', (element) => {
    expect(MOODLE.scorm2004.limits[element]).toBe(LIMITS_2004[element]);
  });

  test('Moodle keeps the fill-in and long-fill-in lengths and the data model errors', () => {
    expect(MOODLE.scorm2004.responses['fill-in'].spm).toBe(FILL_IN_SPM);
    expect(MOODLE.scorm2004.responses['long-fill-in'].spm).toBe(LONG_FILL_IN_SPM);
    expect(MOODLE.scorm2004.dataModelErrors).toEqual(DATA_MODEL_ERRORS_2004);
    expect([LIMITS_2004['cmi.location'], FILL_IN_SPM, LONG_FILL_IN_SPM]).toEqual([1000, 250, 4000]);
  });
});

describe('the spec tables are the only copy', () => {
  test.each([
    ['a suspend_data limit', 'if (state.length > 4096) warn();'],
    ['a limit in a table', "  { label: 'SCORM 2004', max: 64000 },"],
    ['a bookmark limit', "const locMax = rt.id === 'scorm12' ? 255 : 1000;"],
    ['a description cut', 'export const descriptionMaxLength = 250;'],
    ['a fill-in threshold', "kind: it.maxLength <= 250 ? 'fill-in' : 'long-fill-in',"],
    ['a length check', 'if (text.length > 4000) return null;'],
    ['the id pattern', 'const idRe = /^[a-z](?:[a-z0-9_]*[a-z0-9])?$/;'],
    ['a variant of the id pattern', 'const slide = /^[a-z]([a-z0-9_]*[a-z0-9])?\\/x$/;'],
    ['the key pattern in a schema', '"propertyNames": { "pattern": "^[A-Za-z][A-Za-z0-9_]*$" },'],
    ['a limit in a schema', '"maxLength": 250,'],
  ])('would catch %s', (_, line) => {
    expect(duplicatesIn(line.startsWith('"') ? 'x.schema.json' : 'x.ts', line)).toHaveLength(1);
  });

  test.each([
    ['a limit named in a comment', '// cmi.suspend_data holds 4096 characters in SCORM 1.2'],
    ['a doc comment', ' * cut to 255 characters for cmi.interactions.n.student_response'],
    ['a colour channel', 'const s = v / 255;'],
    ['a timer', 'const s = ((performance.now() - this.started) / 1000).toFixed(1);'],
    ['an unrelated constant', 'export const MAX_SLIDES = 1000;'],
  ])('leaves alone %s', (_, line) => {
    expect(duplicatesIn('x.ts', line)).toEqual([]);
  });

  test('no file under build/, player/ (outside player/spec/) or bench/ writes a SCORM limit or an identifier pattern itself', () => {
    const files = ['build', 'player', 'bench'].flatMap((d) => sourceFiles(path.join(projectRoot, d)));
    expect(files).toContain(path.join('build', 'schemas', 'defs.schema.json'));
    const found = files.flatMap((f) => duplicatesIn(f, fs.readFileSync(path.join(projectRoot, f), 'utf8')));
    expect(found).toEqual([]);
  });
});
