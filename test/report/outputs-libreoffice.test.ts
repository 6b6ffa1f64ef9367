/**
 * LibreOffice opens the organisation report's workbook and deck: both print to PDF with the
 * themes' titles in them, and the workbook's formula-like answers print as the text they are.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { reportFiles } from '../../build/report/targets/index.ts';
import { convertWithLibreOffice, libreOfficeTestTimeout } from '../support/libreoffice.ts';
import { sampleReport } from './fixtures/sample-report.ts';

const report = sampleReport('ja');
let dir: string;
const pdfText: Record<'xlsx' | 'pptx', string> = { xlsx: '', pptx: '' };
const pages: Record<'xlsx' | 'pptx', number> = { xlsx: 0, pptx: 0 };

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'org-report-lo-'));
  const files = await reportFiles(report, 'org-report-ja');
  const inputs = files.filter((f) => !f.path.endsWith('.html')).map((f) => {
    const p = path.join(dir, f.path);
    fs.writeFileSync(p, f.bytes);
    return p;
  });
  // Same base name for both: convert them one at a time into folders of their own.
  for (const input of inputs) {
    const kind = path.extname(input).slice(1) as 'xlsx' | 'pptx';
    const out = path.join(dir, kind);
    fs.mkdirSync(out);
    const [pdf] = await convertWithLibreOffice([input], 'pdf', out);
    pdfText[kind] = execFileSync('pdftotext', ['-raw', pdf!, '-'], { encoding: 'utf8' });
    pages[kind] = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf!], { encoding: 'utf8' }))![1]);
  }
}, libreOfficeTestTimeout());

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('LibreOffice', () => {
  test('prints the deck: one page per slide, every theme named', () => {
    // Title, summary, 5 themes × (all + Moodle groups), 4 free-text slides, test chart and table, notes.
    expect(pages.pptx).toBe(2 + 10 + 1 + 1 + 3 + 2 + 1);
    const flat = pdfText.pptx.replace(/\s+/g, '');
    for (const t of report.themes) expect(flat).toContain(`回答の分布：${t.title}`);
    expect(flat).toContain('課題の大きいテーマ');
  });

  test('prints the workbook with every theme and the formula-like answers as text', () => {
    expect(pages.xlsx).toBeGreaterThan(0);
    const flat = pdfText.xlsx.replace(/\s+/g, '');
    for (const t of report.themes) expect(flat).toContain(t.title);
    // A formula would have printed its result (2, click) instead of the text.
    for (const a of ['=1+1', '@x', '=HYPERLINK("http://example.com","click")', '+8190-1234-5678に何度も電話があった']) expect(flat).toContain(a);
  });
});
