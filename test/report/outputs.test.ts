/**
 * The organisation report's three outputs, read back: the workbook's cells, the deck's parts
 * (charts, their embedded workbooks, the summary slide), and the HTML page's structure, from
 * the synthetic Report in fixtures/sample-report.ts.
 */
import { createRequire } from 'node:module';
import type ExcelJS from 'exceljs';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { reportFiles } from '../../build/report/targets/index.ts';
import { escapeHtml } from '../../build/report/targets/html.ts';
import { reportLabels } from '../../build/report/targets/labels.ts';
import { axeViolations } from '../browser/harness/axe.ts';
import { launchBrowser } from '../browser/harness/browser.ts';
import { sampleReport } from './fixtures/sample-report.ts';
import type { Browser } from 'playwright-core';

const ExcelJSLib = createRequire(import.meta.url)('exceljs') as typeof ExcelJS;
const decoder = new TextDecoder();

async function build(lang: 'ja' | 'en', opts: Parameters<typeof sampleReport>[1] = {}) {
  const report = sampleReport(lang, opts);
  const files = await reportFiles(report, 'org-report');
  const get = (ext: string) => files.find((f) => f.path === `org-report.${ext}`)!.bytes;
  const wb = new ExcelJSLib.Workbook();
  await wb.xlsx.load(Buffer.from(get('xlsx')) as unknown as ArrayBuffer);
  return { report, files, wb, xlsxParts: unzipSync(get('xlsx')), pptxParts: unzipSync(get('pptx')), html: decoder.decode(get('html')) };
}

type Built = Awaited<ReturnType<typeof build>>;
const built: Partial<Record<'ja' | 'en', Built>> = {};
beforeAll(async () => {
  built.ja = await build('ja');
  built.en = await build('en');
});

const sheetRows = (ws: ExcelJS.Worksheet) => {
  const rows: unknown[][] = [];
  ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
};

const unescape = (s: string) => s.replace(/&(lt|gt|quot|apos|amp);/g, (_m, n: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[n]!);
/** A slide's texts, run by run. */
const slideText = (xml: string) => [...xml.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((m) => unescape(m[1]!)).join('|');

describe('reportFiles', () => {
  test('returns the workbook, the deck and the page under the base name', () => {
    expect(built.ja!.files.map((f) => f.path)).toEqual(['org-report.xlsx', 'org-report.pptx', 'org-report.html']);
  });
});

describe('the workbook', () => {
  test.each(['ja', 'en'] as const)('has the eight sheets in the report language (%s)', (lang) => {
    const l = reportLabels(lang);
    expect(built[lang]!.wb.worksheets.map((w) => w.name)).toEqual([l.summary, l.themes, l.items, l.groups, l.freeText, l.respondentsSheet, l.test, l.inputs]);
  });

  test('the summary lists the themes weakest first with their score, respondents, "don\'t know" share and lessons', () => {
    const { wb, report } = built.en!;
    const ws = wb.getWorksheet('Summary')!;
    const rows = sheetRows(ws);
    const head = rows.findIndex((r) => r[0] === 'Rank');
    const table = rows.slice(head + 1, head + 1 + report.themes.length);
    expect(table.map((r) => r[1])).toEqual(['Knowledge', 'Confidence in responding', 'Workplace measures', 'Experience', 'Asking for help']);
    expect(table[0]).toEqual([1, 'Knowledge', 40.2, 40, undefined, 'What is customer harassment?\nThe rules of the law and the ordinances']);
    expect(table[2]!.slice(2, 5)).toEqual([50.1, 40, 0.289]);
    // Title, five facts, a blank row, then the table's header on row 8, frozen.
    expect(ws.getCell('A8').value).toBe('Rank');
    expect(ws.getCell('C9').numFmt).toBe('0.0');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 8 });
  });

  test('the themes sheet shows each group\'s score and "fewer than 5" for the suppressed group', () => {
    const { wb, report } = built.en!;
    const rows = sheetRows(wb.getWorksheet('Themes')!);
    const sales = report.groupings[0]!.groups[0]!;
    expect(rows[0]!.slice(5)).toEqual([`Moodle groups: ${sales.label} (n=37)`, 'Moodle groups: 法務部 / Legal (n=3)']);
    for (const [i, t] of report.themes.entries()) expect(rows[i + 1]).toEqual([t.title, t.good === 'high' ? 'Higher is better' : 'Lower is better', t.score, t.n, t.dontKnowShare ?? undefined, sales.themes[t.id], 'fewer than 5']);
  });

  test('the items sheet has every count of every distribution, "don\'t know" apart, coloured by the item\'s good end', () => {
    const { wb, report } = built.en!;
    const ws = wb.getWorksheet('Items')!;
    const rows = sheetRows(ws);
    let r = 1;
    for (const item of report.items) {
      for (const [i, o] of item.options.entries()) {
        expect(rows[r]!.slice(1, 5)).toEqual([item.text, expect.any(String), o.label, item.all.counts[i]]);
        r++;
      }
      if (item.all.dontKnow !== null) expect(rows[r++]!.slice(3, 5)).toEqual(["Don't know", item.all.dontKnow]);
    }
    expect(r).toBe(rows.length);
    // "Asking for help would count against me" is good when low: its "Disagree" row is green, "Agree" red.
    const fear = rows.findIndex((x) => x[1] === 'Asking for help would count against me');
    const fill = (row: number) => (ws.getCell(row + 1, 4).fill as ExcelJS.FillPattern).fgColor?.argb;
    expect([fill(fear), fill(fear + 4)]).toEqual(['FF1B7837', 'FFB2182B']);
    const support = rows.findIndex((x) => x[1] === 'I can ask my supervisor for help when I am troubled');
    expect([fill(support), fill(support + 4)]).toEqual(['FFB2182B', 'FF1B7837']);
    // The share of a point is over those who chose a point; "don't know" over everyone who answered.
    const policy = report.items.find((i) => i.id === 'aw_work_policy')!.all;
    const pr = rows.findIndex((x) => x[1] === 'My workplace has a policy on customer harassment');
    expect(rows[pr]![5]).toBeCloseTo(policy.counts[0]! / (policy.n - policy.dontKnow!), 12);
    expect(rows[pr + 2]![5]).toBeCloseTo(policy.dontKnow! / policy.n, 12);
  });

  test('the groups sheet shows no number for the suppressed group', () => {
    const rows = sheetRows(built.en!.wb.getWorksheet('Groups')!);
    expect(rows.filter((r) => r[1] === '法務部 / Legal')).toEqual([['Moodle groups', '法務部 / Legal', 'fewer than 5']]);
  });

  test('free text is grouped per item with no respondent code beside it', () => {
    const { wb, report } = built.ja!;
    const rows = sheetRows(wb.getWorksheet('自由記述')!);
    expect(rows[0]).toEqual(['設問', '回答']);
    expect(rows.slice(1)).toEqual(report.freeText.flatMap((f) => f.answers.map((a) => [f.text, a])));
    expect(rows.flat().some((v) => typeof v === 'string' && /^R\d{3}$/.test(v))).toBe(false);
    // Wrapped at the top of the cell, and a row tall enough for an answer written on two lines.
    const ws = wb.getWorksheet('自由記述')!;
    const twoLines = rows.findIndex((r) => r[1] === '2行に分けて\n書きました') + 1;
    expect(ws.getCell(twoLines, 2).alignment).toMatchObject({ wrapText: true, vertical: 'top' });
    expect(ws.getRow(twoLines).height).toBeGreaterThanOrEqual(2 * 18);
    // A short answer to a short question keeps the default height.
    const en = sheetRows(built.en!.wb.getWorksheet('Free text')!);
    expect(built.en!.wb.getWorksheet('Free text')!.getRow(en.findIndex((r) => r[1] === '守ってほしい 🙏') + 1).height ?? 15).toBe(15);
  });

  test('free text arrives as typed: replacement patterns and a literal OOXML escape stay literal', () => {
    const typed = "費用は $& と $' と $1、記号 _x0041_ もそのまま";
    expect(sheetRows(built.ja!.wb.getWorksheet('自由記述')!).map((r) => r[1])).toContain(typed);
    const slides = Object.entries(built.ja!.pptxParts).filter(([p]) => /^ppt\/slides\/slide\d+\.xml$/.test(p));
    expect(slides.some(([, d]) => slideText(decoder.decode(d)).includes(typed))).toBe(true);
    expect(built.ja!.html).toContain(`<li>${escapeHtml(typed)}</li>`);
  });

  test('respondents carry codes, not names, unless names were asked for', async () => {
    const rows = sheetRows(built.en!.wb.getWorksheet('Respondents')!);
    expect(rows[0]!.slice(0, 4)).toEqual(['Code', 'Group', 'Attempt', 'File']);
    expect(rows.length).toBe(41);
    expect(rows[1]!.slice(0, 4)).toEqual(['R001', '法務部 / Legal', 1, 'backup.mbz']);
    expect(JSON.stringify(rows)).not.toMatch(/example\.com|山田/);
    const named = await build('en', { withNames: true });
    const namedRows = sheetRows(named.wb.getWorksheet('Respondents')!);
    expect(namedRows[0]!.slice(0, 3)).toEqual(['Code', 'Name', 'Email']);
    expect(namedRows[2]!.slice(0, 3)).toEqual(['R002', '山田 太郎 2', 'learner2@example.com']);
  });

  test('the test sheet has each lesson and question with n, facility and discrimination', () => {
    const { wb, report } = built.en!;
    const rows = sheetRows(wb.getWorksheet('Test')!);
    const trim = (r: unknown[]): unknown[] => (r.length && r[r.length - 1] === undefined ? trim(r.slice(0, -1)) : r);
    const expected = report.test!.lessons.flatMap((x) => [[x.title, undefined, x.n, x.facility], ...x.questions.map((q) => trim([x.title, q.text, q.n, q.facility, q.discrimination ?? undefined]))]);
    expect(rows.slice(1)).toEqual(expected);
    expect(rows.find((r) => r[1] === "The employer's duties")).toEqual(['The rules of the law and the ordinances', "The employer's duties", 36, 0.42, 0.51]);
  });

  test('texts that start like a formula are text cells, never formulas', () => {
    const { xlsxParts, wb } = built.ja!;
    const risky = ['=1+1', '+81 90-1234-5678 に何度も電話があった', '-', '@x', '=HYPERLINK("http://example.com","click")'];
    for (const [path, data] of Object.entries(xlsxParts)) if (/^xl\/worksheets\/sheet\d+\.xml$/.test(path)) expect(decoder.decode(data), path).not.toContain('<f>');
    const sst = decoder.decode(xlsxParts['xl/sharedStrings.xml']!);
    for (const r of risky) expect(sst).toContain(`>${r.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')}<`);
    // Read back, each is the string as written, with the text number format so that retyping keeps it text.
    for (const name of ['自由記述', '回答者']) {
      const found: string[] = [];
      wb.getWorksheet(name)!.eachRow((row) =>
        row.eachCell((cell) => {
          if (typeof cell.value === 'string' && risky.includes(cell.value)) {
            expect(cell.type).toBe(ExcelJSLib.ValueType.String);
            expect(cell.numFmt).toBe('@');
            found.push(cell.value);
          }
        }),
      );
      expect(found.length, name).toBeGreaterThanOrEqual(4);
    }
  });
});

describe('the deck', () => {
  const slideXml = (parts: Record<string, Uint8Array>, n: number) => decoder.decode(parts[`ppt/slides/slide${n}.xml`]!);

  test('the summary slide names the three weakest themes, their scores and the lessons that address them', () => {
    const text = slideText(slideXml(built.en!.pptxParts, 2));
    expect(text).toContain('The three weakest themes');
    for (const [i, t] of built.en!.report.themes.slice(0, 3).entries()) {
      expect(text).toContain(`${i + 1}. ${t.title}`);
      expect(text).toContain(`${t.score!.toFixed(1)} / 100`);
      for (const x of t.lessons) expect(text).toContain(x.title);
    }
    expect(text).not.toContain('Experience');
  });

  test('each theme has a native 100% stacked bar chart whose series are the distribution', () => {
    const { pptxParts, report } = built.en!;
    const charts = Object.keys(pptxParts).filter((p) => /^ppt\/charts\/chart\d+\.xml$/.test(p));
    // 5 themes × (all + one grouping), workplace twice each (agreement and yes/no), consulting twice each (fear is good when low), and the test.
    expect(charts.length).toBe(5 * 2 + 2 + 2 + 1);
    const knowledge = decoder.decode(pptxParts['ppt/charts/chart1.xml']!);
    expect(knowledge).toContain('<c:barChart>');
    expect(knowledge).toContain('<c:grouping val="percentStacked"/>');
    expect(knowledge).toContain('<c:barDir val="bar"/>');
    const items = report.items.filter((i) => i.theme === report.themes[0]!.id);
    const series = [...knowledge.matchAll(/<c:ser>([\s\S]*?)<\/c:ser>/g)].map((m) => [...m[1]!.matchAll(/<c:val>[\s\S]*?<\/c:val>/g)][0]![0]);
    expect(series.length).toBe(5);
    series.forEach((s, point) => expect([...s.matchAll(/<c:v>([^<]*)<\/c:v>/g)].map((m) => Number(m[1]))).toEqual(items.map((i) => i.all.counts[point])));
  });

  test('a chart\'s category labels are strings in its embedded workbook', () => {
    const { pptxParts } = built.en!;
    const embedded = unzipSync(pptxParts['ppt/embeddings/Microsoft_Excel_Worksheet1.xlsx']!);
    const sheet = decoder.decode(embedded['xl/worksheets/sheet1.xml']!);
    expect(sheet).not.toContain('<f>');
    const labelCells = [...sheet.matchAll(/<c r="A(\d+)"([^>]*)>/g)].filter((m) => Number(m[1]) > 1);
    expect(labelCells.length).toBe(4);
    for (const m of labelCells) expect(m[2]).toContain('t="s"');
    expect(decoder.decode(embedded['xl/sharedStrings.xml']!)).toContain('<si><t>I can tell a legitimate complaint from custo…</t></si>');
  });

  test('the grouped chart names the suppressed group as fewer than 5 respondents', () => {
    const texts = Object.entries(built.en!.pptxParts)
      .filter(([p]) => /^ppt\/slides\/slide\d+\.xml$/.test(p))
      .map(([, d]) => slideText(decoder.decode(d)));
    expect(texts.filter((t) => t.includes('法務部 / Legal: fewer than 5 respondents, not shown')).length).toBe(5);
  });

  test('free text is plain text on slides, capped at three slides per item with the rest counted', () => {
    const texts = Object.entries(built.ja!.pptxParts)
      .filter(([p]) => /^ppt\/slides\/slide\d+\.xml$/.test(p))
      .map(([, d]) => slideText(decoder.decode(d)));
    const all = texts.join('\n');
    for (const a of ['=1+1', '+81 90-1234-5678 に何度も電話があった', '-', '@x', '<b>tags</b> を使わずに書きます', '守ってほしい 🙏', '=HYPERLINK("http://example.com","click")']) expect(all).toContain(a);
    const wish = texts.filter((t) => t.startsWith('自由記述: 研修で取り上げてほしいことがあれば'));
    expect(wish.length).toBe(3);
    expect(wish[2]).toMatch(/ほか(\d+)件はワークブックの「自由記述」シートにあります/);
    const shown = wish.join('|').match(/事例 \d+/g)!.length;
    expect(wish[2]).toContain(`ほか${70 - shown}件は`);
  });

  test('the test slide charts the share correct per lesson and the table lists each question', () => {
    const { pptxParts, report } = built.en!;
    const chart = decoder.decode(pptxParts['ppt/charts/chart15.xml']!);
    const values = [...chart.matchAll(/<c:val>[\s\S]*?<\/c:val>/g)][0]![0];
    expect([...values.matchAll(/<c:v>([^<]*)<\/c:v>/g)].map((m) => Number(m[1]))).toEqual(report.test!.lessons.map((x) => x.facility));
    const texts = Object.values(pptxParts).map((d) => decoder.decode(d));
    const table = texts.find((t) => t.includes('Facility and discrimination per question'))!;
    expect(slideText(table)).toContain("The employer's duties|36|42%|0.51");
  });
});

describe('the HTML page', () => {
  test('is in the report language, and every chart is an SVG image followed by its data table', () => {
    const { html } = built.ja!;
    expect(html).toMatch(/^<!doctype html>\n<html lang="ja">/);
    const svgs = [...html.matchAll(/<svg\b[^>]*>/g)];
    expect(svgs.length).toBe(15);
    for (const m of svgs) {
      expect(m[0]).toContain('role="img"');
      const after = html.slice(m.index! + m[0].length);
      const end = after.indexOf('</svg>');
      expect(after.slice(0, end)).toMatch(/^\s*<title id="[^"]+">[^<]+<\/title><desc id="[^"]+">[^<]+<\/desc>/);
      expect(after.slice(end + '</svg>'.length)).toMatch(/^\s*<table><caption>/);
    }
    expect(html).toContain('<th scope="col">');
    expect(html).toContain('<th scope="row">');
  });

  test('makes no request outside itself and lists no respondent', () => {
    const { html } = built.ja!;
    expect(html).not.toMatch(/\b(src|href)\s*=\s*"(?!#)/);
    expect(html).not.toMatch(/url\(/);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\bR0\d\d\b/);
  });

  test('escapes free text', () => {
    const { html } = built.ja!;
    expect(html).toContain('<li>&lt;b&gt;tags&lt;/b&gt; を使わずに書きます</li>');
    expect(html).not.toContain('<b>tags</b>');
    expect(html).toContain('<li>=HYPERLINK(&quot;http://example.com&quot;,&quot;click&quot;)</li>');
    expect(html).toContain('<li>2行に分けて\n書きました</li>');
    expect(html).toContain('<li>マニュアル、録音、相談窓口\tの3つ</li>');
  });

  test('headings go down one level at a time', () => {
    const levels = [...built.en!.html.matchAll(/<h([1-6])\b/g)].map((m) => Number(m[1]));
    expect(levels[0]).toBe(1);
    levels.slice(1).forEach((lv, i) => expect(lv - levels[i]!).toBeLessThanOrEqual(1));
  });

  describe('in Chromium', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await launchBrowser();
    });
    afterAll(async () => {
      await browser?.close();
    });

    test.each(['ja', 'en'] as const)('has no WCAG 2.2 AA violation that axe finds (%s)', async (lang) => {
      const page = await browser.newPage();
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      await page.setContent(built[lang]!.html);
      expect(await axeViolations(page.mainFrame())).toEqual([]);
      expect(requests.filter((u) => !u.startsWith('data:') && u !== 'about:blank')).toEqual([]);
      await page.close();
    });
  });
});
