/**
 * The visual blocks in the PowerPoint manuscript: each drawn as native, editable objects (cards
 * and arrows, comparison cards, speech bubbles, a figure or a native chart with its workbook, a
 * key point, a checklist, a picture), every shape named `<Kind> <b> · <part>` for the importer,
 * the slides' own text in the layout's body placeholder, and all of it inside the body region.
 * The fixture course test/fixtures/blocks has one slide per kind of block, in two languages.
 */
import { strFromU8, unzipSync } from 'fflate';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import type { Course } from '../../build/model.ts';
import { pptxOverflowWarnings } from '../../build/targets/pptx/index.ts';
import { geometry } from '../../build/targets/pptx/layout.ts';
import { fixtureCopy, fixturesDir } from '../support/fixture.ts';
import { libreOfficeTestTimeout } from '../support/libreoffice.ts';
import { all, buildManuscript, convertToPdf, courseAt, first, parseXml, pdfPages, pdfText, type PptxView, readPptx, type SlideView, type XmlNode } from './support-pptx.ts';

const EMU = 914400;
const PNG = [0x89, 0x50, 0x4e, 0x47];

interface Para {
  text: string;
  /** The runs, bold ones marked `**…**`. */
  marked: string;
  bullet: 'char' | 'autonum' | null;
  startAt: number | null;
}

/** A shape of a slide as drawn: what it is, its name, geometry, fill, text or picture. */
interface Drawn {
  element: string;
  name: string;
  descr: string | null;
  geom: string | null;
  placeholder: string | null;
  fill: string | null;
  box: { x: number; y: number; w: number; h: number } | null;
  paras: Para[];
  /** The relationship id of a picture's image or a chart. */
  rel: string | null;
}

const textOf = (n: XmlNode): string => n.children.map((c) => (typeof c === 'string' ? c : textOf(c))).join('');

function para(p: XmlNode): Para {
  const runs = all(p, 'a:r').map((r) => ({ text: all(r, 'a:t').map(textOf).join(''), bold: first(r, 'a:rPr')?.attrs['b'] === '1' }));
  const auto = first(p, 'a:buAutoNum');
  return {
    text: runs.map((r) => r.text).join(''),
    // Neighbouring runs of the same weight read as one (a highlighted organisation value is a run of its own).
    marked: runs
      .reduce<{ text: string; bold: boolean }[]>((out, r) => (out.at(-1)?.bold === r.bold ? [...out.slice(0, -1), { ...out.at(-1)!, text: out.at(-1)!.text + r.text }] : [...out, r]), [])
      .map((r) => (r.bold ? `**${r.text}**` : r.text))
      .join(''),
    bullet: first(p, 'a:buChar') ? 'char' : auto ? 'autonum' : null,
    startAt: auto ? Number(auto.attrs['startAt'] ?? 1) : null,
  };
}

function drawn(s: SlideView): Drawn[] {
  const tree = first(parseXml(s.xml), 'p:spTree')!;
  return tree.children
    .filter((c): c is XmlNode => typeof c !== 'string' && ['p:sp', 'p:pic', 'p:graphicFrame', 'p:cxnSp'].includes(c.name))
    .map((el) => {
      const cNvPr = first(el, 'p:cNvPr')!;
      const spPr = el.children.find((c): c is XmlNode => typeof c !== 'string' && c.name === 'p:spPr');
      const off = first(el, 'a:off');
      const ext = first(el, 'a:ext');
      const fill = spPr && spPr.children.find((c): c is XmlNode => typeof c !== 'string' && c.name === 'a:solidFill');
      const tx = first(el, 'p:txBody');
      return {
        element: el.name,
        name: cNvPr.attrs['name'] ?? '',
        descr: cNvPr.attrs['descr'] ?? null,
        geom: (spPr && first(spPr, 'a:prstGeom')?.attrs['prst']) ?? null,
        placeholder: first(el, 'p:ph') ? (first(el, 'p:ph')!.attrs['type'] ?? 'body') : null,
        fill: (fill && first(fill, 'a:srgbClr')?.attrs['val']) ?? null,
        box: off && ext ? { x: Number(off.attrs['x']) / EMU, y: Number(off.attrs['y']) / EMU, w: Number(ext.attrs['cx']) / EMU, h: Number(ext.attrs['cy']) / EMU } : null,
        paras: tx ? all(tx, 'a:p').map(para).filter((p) => p.text) : [],
        rel: first(el, 'a:blip')?.attrs['r:embed'] ?? first(el, 'c:chart')?.attrs['r:id'] ?? null,
      };
    });
}

/** The package part a slide's relationship points at. */
function target(view: PptxView, s: SlideView, rel: string): string {
  const rels = parseXml(view.xml(s.part.replace(/([^/]+)$/, '_rels/$1.rels')));
  const t = all(rels, 'Relationship').find((x) => x.attrs['Id'] === rel)!.attrs['Target']!;
  return t.startsWith('/') ? t.slice(1) : path.posix.normalize(path.posix.join(path.posix.dirname(s.part), t));
}

describe('the visual blocks of the fixture course, drawn natively in the PowerPoint manuscript', () => {
  let course: Course;
  const built: Record<string, { bytes: Uint8Array; view: PptxView }> = {};
  beforeAll(async () => {
    course = courseAt(fixtureCopy('blocks'));
    for (const lang of ['ja', 'en']) {
      const m = await buildManuscript(course, lang);
      built[lang] = { bytes: m.bytes, view: readPptx(m.bytes) };
    }
  });

  const slide = (lang: string, id: string): SlideView => {
    const s = built[lang]!.view.slides.find((x) => x.name === id);
    if (!s) throw new Error(`no slide ${id}`);
    return s;
  };
  const shapes = (lang: string, id: string) => drawn(slide(lang, id));
  const shape = (lang: string, id: string, name: string): Drawn => {
    const found = shapes(lang, id).filter((d) => d.name === name);
    expect(found.map((d) => d.name), `${id}: ${name}`).toEqual([name]);
    return found[0]!;
  };
  /** The picture's image: its part and bytes. */
  const picture = (lang: string, id: string, d: Drawn) => {
    const part = target(built[lang]!.view, slide(lang, id), d.rel!);
    return { part, bytes: built[lang]!.view.entries[part]! };
  };

  test('draws steps as cards in a row joined by arrows: one card per step, its title (numbered from the step) then its detail, its icon a picture above', () => {
    const titles = ['Listen', 'Apologise', 'Set limits', 'Hand over', 'End', 'Record'];
    const details = ['to the whole complaint and check the facts', 'for the specific point only', 'calmly when the demand goes too far', 'to a supervisor', 'the conversation when the limit is reached', 'what was said and done'];
    const icons = ['ear', 'message-circle', 'hand', 'users', 'phone-off', 'notebook-pen'];
    const cards = titles.map((_, i) => shape('en', 'visual/steps', `Steps 1 · step ${i + 1}`));
    expect(cards.map((c) => [c.element, c.geom, c.paras.map((p) => p.text)])).toEqual(titles.map((t, i) => ['p:sp', 'roundRect', [t, details[i]]]));
    expect(cards.map((c) => [c.paras[0]!.bullet, c.paras[0]!.startAt, c.paras[0]!.marked])).toEqual(titles.map((t, i) => ['autonum', i + 1, `**${t}**`]));
    // In a row, left to right, equally tall.
    expect(new Set(cards.map((c) => c.box!.y.toFixed(3))).size).toBe(1);
    expect(cards.every((c, i) => i === 0 || c.box!.x > cards[i - 1]!.box!.x + cards[i - 1]!.box!.w)).toBe(true);
    const arrows = [1, 2, 3, 4, 5].map((n) => shape('en', 'visual/steps', `Steps 1 · arrow ${n}`));
    expect(arrows.map((a) => a.geom)).toEqual(Array(5).fill('rightArrow'));
    arrows.forEach((a, i) => {
      // Each arrow sits in the gap after its step.
      expect(a.box!.x).toBeGreaterThan(cards[i]!.box!.x + cards[i]!.box!.w - 1e-3);
      expect(a.box!.x + a.box!.w).toBeLessThan(cards[i + 1]!.box!.x + 1e-3);
    });
    icons.forEach((icon, i) => {
      const pic = shape('en', 'visual/steps', `Steps 1 · icon ${i + 1}`);
      expect([pic.element, pic.descr]).toEqual(['p:pic', icon]);
      expect(pic.box!.y).toBeLessThan(cards[i]!.box!.y + 0.5);
      const img = picture('en', 'visual/steps', pic);
      expect(img.part).toMatch(/^ppt\/media\/.+\.png$/);
      expect([...img.bytes.subarray(0, 4)]).toEqual(PNG);
    });
  });

  test('draws a comparison as cards side by side: a title band (the first column in the primary colour, the last in the accent) over a body with the points as bullets', () => {
    const titles = [1, 2].map((n) => shape('en', 'visual/compare', `Compare 1 · column ${n} title`));
    const bodies = [1, 2].map((n) => shape('en', 'visual/compare', `Compare 1 · column ${n} body`));
    expect(titles.map((t) => [t.paras.map((p) => p.marked), t.fill])).toEqual([
      [['**Legitimate complaint**'], '1F3A5F'],
      [['**Harassment**'], 'C8102E'],
    ]);
    expect(bodies.map((b) => b.paras.map((p) => [p.bullet, p.text]))).toEqual([
      [
        ['char', 'Points out a real fault'],
        ['char', 'Asks for an exchange'],
      ],
      [
        ['char', 'Shouts and threatens'],
        ['char', 'Demands a kneeling apology'],
      ],
    ]);
    expect(bodies.every((b, i) => Math.abs(b.box!.y - (titles[i]!.box!.y + titles[i]!.box!.h)) < 1e-3)).toBe(true);
    expect(titles[1]!.box!.x).toBeGreaterThan(titles[0]!.box!.x + titles[0]!.box!.w);
    expect([1, 2].map((n) => shape('en', 'visual/compare', `Compare 1 · icon ${n}`).descr)).toEqual(['circle-check', 'circle-x']);
  });

  test('draws a case as a scene: the setting, each line a speech bubble (speaker in bold, one side per speaker), the question emphasised at the bottom', () => {
    for (const [lang, setting, lines, question] of [
      ['en', "A train is late. A passenger grabs a station attendant's arm at the ticket gate.", ["**Passenger**: You'll regret this!", '**Attendant**: Please let go of my arm.'], 'What should the attendant do next?'],
      ['ja', '電車が遅れ、改札で乗客が駅員の腕をつかんだ。', ['**乗客**：ただで済むと思うなよ', '**駅員**：腕を離してください'], '駅員は次に何をすべきでしょうか。'],
    ] as const) {
      expect(shape(lang, 'visual/case', 'Case 1 · setting').paras.map((p) => p.text)).toEqual([setting]);
      const bubbles = [1, 2].map((n) => shape(lang, 'visual/case', `Case 1 · line ${n}`));
      expect(bubbles.map((b) => [b.geom, b.paras.map((p) => p.marked)])).toEqual(lines.map((l) => ['wedgeRoundRectCallout', [l]]));
      // The first speaker on the left, the second on the right, one after the other.
      expect(bubbles[0]!.box!.x).toBeLessThan(bubbles[1]!.box!.x);
      expect(bubbles[1]!.box!.x + bubbles[1]!.box!.w).toBeGreaterThan(bubbles[0]!.box!.x + bubbles[0]!.box!.w);
      expect(bubbles[1]!.box!.y).toBeGreaterThan(bubbles[0]!.box!.y + bubbles[0]!.box!.h);
      // Each tail points below its bubble, towards its speaker's side.
      expect(slide(lang, 'visual/case').xml).toMatch(/name="Case 1 · line 1"[\s\S]*?<a:avLst><a:gd name="adj1" fmla="val -\d+"\/><a:gd name="adj2" fmla="val \d+"\/><\/a:avLst>/);
      expect(slide(lang, 'visual/case').xml).toMatch(/name="Case 1 · line 2"[\s\S]*?<a:avLst><a:gd name="adj1" fmla="val \d+"\/>/);
      const q = shape(lang, 'visual/case', 'Case 1 · question');
      expect([q.paras.map((p) => p.marked), q.fill]).toEqual([[`**${question}**`], '1F3A5F']);
      expect(q.box!.y).toBeGreaterThan(bubbles[1]!.box!.y + bubbles[1]!.box!.h);
    }
  });

  test('draws one figure large with what it measures, and its population, year and source always under it', () => {
    const figure = shape('en', 'visual/stat_one', 'Stat 1 · figure');
    expect(figure.paras.map((p) => p.text)).toEqual(['27.9%', 'FY2023']);
    expect(shape('en', 'visual/stat_one', 'Stat 1 · label').paras.map((p) => p.text)).toEqual(['Companies that received consultations about customer harassment in the past three years']);
    expect(shape('en', 'visual/stat_one', 'Stat 1 · source').paras.map((p) => p.text)).toEqual(['Companies in Japan (MHLW survey) · FY2023 · Survey on Harassment in the Workplace']);
    expect(shape('ja', 'visual/stat_one', 'Stat 1 · figure').paras.map((p) => p.text)).toEqual(['27.9%', '2023年度']);
    expect(shape('ja', 'visual/stat_one', 'Stat 1 · source').paras.map((p) => p.text)).toEqual(['全国の企業（厚生労働省調査） · 2023年度 · 職場のハラスメントに関する実態調査']);
    expect(shapes('en', 'visual/stat_one').some((d) => d.element === 'p:graphicFrame')).toBe(false);
  });

  test('draws several values as a native bar chart: the numbers in the chart and in its embedded workbook, labelled with the unit, the source under it', () => {
    const { view } = built['en']!;
    const frame = shape('en', 'visual/stat_chart', 'Stat 1 · chart');
    expect(frame.element).toBe('p:graphicFrame');
    const part = target(view, slide('en', 'visual/stat_chart'), frame.rel!);
    expect(part).toMatch(/^ppt\/charts\/chart\d+\.xml$/);
    const chart = parseXml(view.xml(part));
    expect(first(chart, 'c:barChart')).toBeDefined();
    expect(all(first(chart, 'c:cat')!, 'c:v').map(textOf)).toEqual(['FY2020', 'FY2023']);
    expect(all(first(chart, 'c:val')!, 'c:v').map(textOf)).toEqual(['19.5', '27.9']);
    expect(first(first(chart, 'c:dLbls')!, 'c:showVal')!.attrs['val']).toBe('1');
    expect(first(first(chart, 'c:dLbls')!, 'c:numFmt')!.attrs['formatCode']).toBe('#,##0.0"%"');
    // The workbook PowerPoint opens for "Edit Data", holding the same numbers.
    const rels = parseXml(view.xml(part.replace(/([^/]+)$/, '_rels/$1.rels')));
    const workbook = path.posix.normalize(path.posix.join('ppt/charts', all(rels, 'Relationship')[0]!.attrs['Target']!).replace(/^\//, ''));
    expect(workbook).toMatch(/^ppt\/embeddings\/.+\.xlsx$/);
    const sheet = strFromU8(unzipSync(view.entries[workbook]!)['xl/worksheets/sheet1.xml']!);
    expect(sheet).toContain('<v>19.5</v>');
    expect(sheet).toContain('<v>27.9</v>');
    expect(shape('en', 'visual/stat_chart', 'Stat 1 · label').paras.map((p) => p.text)).toEqual(['Companies that received consultations about customer harassment in the past three years']);
    const source = shape('en', 'visual/stat_chart', 'Stat 1 · source');
    expect(source.paras.map((p) => p.text)).toEqual(['Companies in Japan (MHLW surveys) · FY2020 and FY2023 · Survey on Harassment in the Workplace']);
    expect(source.box!.y).toBeGreaterThanOrEqual(frame.box!.y + frame.box!.h);
  });

  test('draws a key point as a highlighted card with its icon, and a checklist as rows with a box or the item\'s own icon', () => {
    const key = shape('en', 'visual/keypoint', 'Key point 1 · text');
    expect([key.geom, key.fill, key.paras.map((p) => p.marked)]).toEqual(['roundRect', '1F3A5F', ['**Nobody at our company handles harassment alone.**']]);
    expect(shape('en', 'visual/keypoint', 'Key point 1 · icon')).toMatchObject({ element: 'p:pic', descr: 'shield-check' });
    const items = [1, 2, 3].map((n) => shape('en', 'visual/checklist', `Checklist 1 · item ${n}`).paras.map((p) => p.text));
    expect(items).toEqual([['Note the date and time'], ['Write down what was said, word for word'], ['Report to the consultation desk']]);
    expect([1, 2, 3].map((n) => shape('en', 'visual/checklist', `Checklist 1 · icon ${n}`)).map((p) => [p.element, p.descr])).toEqual([
      ['p:pic', 'clock'],
      ['p:pic', 'checkBox'],
      ['p:pic', 'send'],
    ]);
  });

  test('places a picture of the course folder as itself, its aspect kept and its alt text as its description', () => {
    const pic = shape('en', 'visual/picture', 'Image 1 · picture');
    expect([pic.element, pic.descr]).toEqual(['p:pic', 'A service counter with a red sign above the desk']);
    expect(shape('ja', 'visual/picture', 'Image 1 · picture').descr).toBe('机の上に赤い案内板がある受付窓口');
    const original = new Uint8Array(fs.readFileSync(path.join(fixturesDir, 'blocks', 'images', 'counter.png')));
    expect(Buffer.from(picture('en', 'visual/picture', pic).bytes).equals(Buffer.from(original))).toBe(true);
    expect(pic.box!.w / pic.box!.h).toBeCloseTo(320 / 180, 2);
  });

  test('names every shape of a visual block <Kind> <b> · <part>', () => {
    const visualSlides = ['steps', 'compare', 'case', 'stat_one', 'stat_chart', 'keypoint', 'checklist', 'picture'].map((id) => `visual/${id}`);
    const parts = /^(Steps|Compare|Case|Stat|Key point|Checklist|Image) 1 · (step \d|arrow \d|icon \d|column \d (title|body)|setting|line \d|question|figure|chart|label|source|text|icon|item \d|picture)$/;
    for (const lang of ['ja', 'en']) {
      for (const id of visualSlides) {
        const names = shapes(lang, id).filter((d) => d.placeholder !== 'title' && d.placeholder !== 'sldNum').map((d) => d.name);
        expect(names.length, id).toBeGreaterThan(0);
        expect(names.filter((n) => !parts.test(n)), id).toEqual([]);
      }
    }
  });

  test("puts a slide's own text in the layout's body placeholder, and leaves none empty over a diagram", () => {
    for (const lang of ['ja', 'en']) {
      const body = shapes(lang, 'basics/two_views').filter((d) => d.placeholder === 'body');
      expect(body.map((b) => [b.name, b.paras.map((p) => [p.bullet, p.text])])).toEqual([
        [
          'Text 1',
          lang === 'ja'
            ? [
                ['char', '要求の内容'],
                ['char', '手段・態様'],
              ]
            : [
                ['char', 'The demand itself'],
                ['char', 'The means and manner'],
              ],
        ],
      ]);
      for (const id of ['visual/steps', 'visual/case', 'visual/picture']) expect(shapes(lang, id).filter((d) => d.placeholder === 'body'), id).toEqual([]);
    }
    // The layout offers the placeholder, at the body region.
    const { view } = built['en']!;
    const layout = Object.keys(view.entries)
      .filter((p) => /^ppt\/slideLayouts\/slideLayout\d+\.xml$/.test(p))
      .map((p) => parseXml(view.xml(p)))
      .find((l) => first(l, 'p:cSld')!.attrs['name'] === 'CONTENT')!;
    const ph = all(layout, 'p:sp').find((sp) => first(sp, 'p:ph')?.attrs['type'] === 'body');
    expect(ph).toBeDefined();
    expect(Number(first(ph!, 'a:off')!.attrs['y']) / EMU).toBeCloseTo(geometry.content.body.y, 2);
  });

  test('keeps every shape of every lesson slide inside the body region, and fills it: the visual blocks take at least half its height', () => {
    const r = geometry.content.body;
    for (const lang of ['ja', 'en']) {
      for (const s of built[lang]!.view.slides.filter((x) => x.name.startsWith('visual/') && x.name !== 'visual/sources')) {
        const boxes = drawn(s).filter((d) => d.placeholder !== 'title' && d.placeholder !== 'sldNum' && d.box).map((d) => [d.name, d.box!] as const);
        for (const [name, b] of boxes) {
          expect(b.x, `${s.name}: ${name}`).toBeGreaterThanOrEqual(r.x - 1e-3);
          expect(b.y, `${s.name}: ${name}`).toBeGreaterThanOrEqual(r.y - 1e-3);
          expect(b.x + b.w, `${s.name}: ${name}`).toBeLessThanOrEqual(r.x + r.w + 1e-3);
          expect(b.y + b.h, `${s.name}: ${name}`).toBeLessThanOrEqual(r.y + r.h + 1e-3);
        }
        const top = Math.min(...boxes.map(([, b]) => b.y));
        const bottom = Math.max(...boxes.map(([, b]) => b.y + b.h));
        expect(bottom - top, s.name).toBeGreaterThanOrEqual(r.h / 2);
      }
    }
    expect(pptxOverflowWarnings(course, 'ja')).toEqual([]);
    expect(pptxOverflowWarnings(course, 'en')).toEqual([]);
  });

  test('is byte-for-byte the same when built twice, charts and their workbooks included', async () => {
    const again = await buildManuscript(course, 'en');
    expect(Buffer.from(again.bytes).equals(Buffer.from(built['en']!.bytes))).toBe(true);
    expect(Object.keys(built['en']!.view.entries).filter((p) => /^ppt\/(charts\/chart\d+\.xml|embeddings\/)/.test(p))).toEqual(['ppt/embeddings/Microsoft_Excel_Worksheet1.xlsx', 'ppt/charts/chart1.xml']);
  });

  test(
    'opens in LibreOffice: one PDF page per visible slide, the blocks\' text on their pages',
    async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pptx-blocks-'));
      const files = ['ja', 'en'].map((lang) => {
        const file = path.join(dir, `blocks-${lang}.pptx`);
        fs.writeFileSync(file, built[lang]!.bytes);
        return file;
      });
      const pdfs = await convertToPdf(files);
      for (const [i, lang] of (['ja', 'en'] as const).entries()) {
        const visible = built[lang]!.view.slides.filter((s) => !s.hidden);
        expect(pdfPages(pdfs[i]!)).toBe(visible.length);
        const page = (id: string) => pdfText(pdfs[i]!, visible.findIndex((s) => s.name === id) + 1);
        const squash = (s: string) => s.replace(/\s+/g, '');
        expect(page('visual/steps')).toContain(squash(lang === 'ja' ? '記録する' : 'Record'));
        expect(page('visual/case')).toContain(squash(lang === 'ja' ? '駅員は次に何をすべきでしょうか。' : 'What should the attendant do next?'));
        expect(page('visual/stat_chart')).toContain('27.9%');
        expect(page('visual/stat_one')).toContain('27.9%');
      }
    },
    libreOfficeTestTimeout(),
  );

  test('warns about a slide whose visual block does not fit even at its smallest size, as it does for text', () => {
    const long = 'A line that goes on and on, said slowly and at length, so that it takes several lines of its bubble.';
    const lesson = fs.readFileSync(path.join(fixturesDir, 'blocks', 'lessons', 'en', '02-visual.md'), 'utf8');
    const crowded = lesson.replace("- Attendant: Please let go of my arm.\n", Array.from({ length: 5 }, (_, i) => `- ${i % 2 ? 'Attendant' : 'Passenger'}: ${long}\n`).join(''));
    const dir = fixtureCopy('blocks', [{ file: 'lessons/en/02-visual.md', write: crowded }]);
    const warnings = pptxOverflowWarnings(courseAt(dir), 'en');
    expect(warnings.map((w) => w.id)).toEqual(['visual/case']);
    expect(warnings[0]!.message).toMatch(/^Slide "visual\/case" overflows its layout: the text needs about \d+\.\d in of height at 24 pt, the layout holds 5\.1 in\.$/);
  });
});
