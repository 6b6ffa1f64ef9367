/**
 * Makes the edited manuscripts in test/fixtures/manuscripts/, the way customers make them:
 * built from the fixture course (and one from the real course), edited programmatically as
 * PowerPoint and Excel edit (edit-ooxml.ts, exceljs), then re-saved by LibreOffice headless,
 * a real application's serialisation. The files are committed; run this again only when the
 * manuscript targets change what they write:
 *
 *   npx tsx test/import/make-fixtures.ts
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import ExcelJS from 'exceljs';
import { loadCourse } from '../../build/index.ts';
import type { Course } from '../../build/model.ts';
import { pptx } from '../../build/targets/pptx/index.ts';
import { xlsx } from '../../build/targets/xlsx/index.ts';
import { fixturesDir, projectRoot } from '../support/fixture.ts';
import { convertWithLibreOffice } from '../support/libreoffice.ts';
import { targetContext } from '../support/target-context.ts';
import { Pptx, editWorkbook, rowWithId } from './edit-ooxml.ts';

export const manuscriptsDir = path.join(fixturesDir, 'manuscripts');

function course(dir: string): Course {
  const { course, diagnostics } = loadCourse(dir);
  if (!course) throw new Error(diagnostics.list.map((d) => d.message).join('\n'));
  return course;
}

async function built(c: Course, lang: string, target: 'pptx' | 'xlsx', suffix: string): Promise<Uint8Array> {
  const t = target === 'pptx' ? pptx : xlsx;
  const files = await t.build(c, targetContext(c, lang));
  return files.find((f) => f.path.endsWith(suffix))!.contents;
}

/** Re-saves files through LibreOffice, into `outDir` under the same names. */
export async function libreOfficeResave(files: string[], outDir: string): Promise<void> {
  for (const ext of ['pptx', 'xlsx']) {
    const group = files.filter((f) => f.endsWith(`.${ext}`));
    if (group.length) await convertWithLibreOffice(group, ext, outDir);
  }
}

async function main(): Promise<void> {
  fs.mkdirSync(manuscriptsDir, { recursive: true });
  const minimal = course(path.join(fixturesDir, 'minimal'));
  const real = course(path.join(projectRoot, 'content'));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'manuscripts-'));
  const out = (name: string, bytes: Uint8Array) => {
    fs.writeFileSync(path.join(manuscriptsDir, name), bytes);
    fs.writeFileSync(path.join(tmp, name.replace(/-edited/, '-lo')), bytes);
  };

  // English deck: a bullet retyped with a bold, red word (runs split); the slide duplicated
  // and the copy edited; the policy slide moved first; its notes retyped.
  {
    const d = new Pptx(await built(minimal, 'en', 'pptx', '.pptx'));
    d.splitRun('basics/two_views', 'The demand itself', [{ text: 'The ' }, { text: "customer's", bold: true, colour: 'FF0000' }, { text: ' demand itself' }]);
    const copy = d.duplicateSlide('basics/two_views');
    d.retypeIn(copy, 'Two questions', 'Who is affected');
    d.retypeIn(copy, 'The means and manner', 'The staff member and the other customers');
    d.moveBefore('basics/policy', 'basics/two_views');
    d.retype('basics/policy', 'At our company nobody handles this alone.', 'At our company nobody handles this alone. Call the desk at once.', 'notes');
    out('minimal-en-edited.pptx', d.bytes());
  }

  // Japanese deck: a slide deleted, another's narration edited, a new slide typed at the end
  // of the lesson (no name, no marker).
  {
    const d = new Pptx(await built(minimal, 'ja', 'pptx', '.pptx'));
    d.newSlide('basics/policy', '相談の流れ', ['上司に報告する', '記録を残す'], '一人で抱え込まず、上司に報告して記録を残します。');
    d.deleteSlide('basics/policy');
    d.retype('basics/two_views', '判断には二つの視点があります。', '判断には二つの視点があります。迷ったら上司に相談します。', 'notes');
    out('minimal-ja-edited.pptx', d.bytes());
  }

  // The real course, English: the first slide deleted, a numbered item and a line in a compare
  // card retyped, the company name on the title slide and the contact on the closing slide filled in.
  {
    const d = new Pptx(await built(real, 'en', 'pptx', '.pptx'));
    d.deleteSlide('what_is/national_definition');
    d.retype('what_is/tokyo_definition', 'That harms the working environment', 'That harms the working environment of staff');
    d.retype('what_is/complaint_or_harassment', 'Manner: within what is socially acceptable', 'Manner: within what society accepts');
    d.retype('_title', 'Our company', 'ACME Corporation');
    d.retype('_closing', '(enter the contact details)', 'Extension 1234 (General Affairs)');
    out('real-en-edited.pptx', d.bytes());
  }

  // The trainer's test workbook: question q_one's correct answer changed from a to b in the key.
  // (The committed files were made before the test was split into the learner's and the
  // trainer's workbooks: they hold the test and the key in one, which still imports.)
  {
    const bytes = await editWorkbook(await built(minimal, 'en', 'xlsx', 'confirmation-test-trainer.xlsx'), (wb) => {
      const key = wb.getWorksheet('Answer key')!;
      rowWithId(key, 'G', 'q_one').getCell('D').value = 'b';
    });
    out('minimal-en-test-edited.xlsx', bytes);
  }

  // The survey: an item added (a row typed below the last one, no id) and an item reworded.
  {
    const bytes = await editWorkbook(await built(minimal, 'en', 'xlsx', 'awareness-survey.xlsx'), (wb) => {
      const form = wb.getWorksheet('Survey')!;
      const last = rowWithId(form, 'G', 'fx_comment');
      last.getCell('C').value = 'What you would like our company to change';
      const added = form.getRow(last.number + 1);
      added.getCell('A').value = 3;
      added.getCell('B').value = 'Knowledge';
      added.getCell('C').value = 'I know whom to call when a customer goes too far';
      added.getCell('D').value = 'Choose from the list (required)';
    });
    out('minimal-en-survey-edited.xlsx', bytes);
  }

  // The real survey: on the options sheet, an option of a select-all item, a point of the
  // frequency scale, "don't know" and a department reworded; the department question retyped.
  {
    const bytes = await editWorkbook(await built(real, 'en', 'xlsx', 'awareness-survey.xlsx'), (wb) => {
      const options = wb.getWorksheet('Options')!;
      rowWithId(options, 'D', 'phone').getCell('B').value = 'On the telephone';
      rowWithId(options, 'D', 'f2').getCell('B').value = 'Once or twice';
      rowWithId(options, 'D', 'dk').getCell('B').value = 'Not sure';
      rowWithId(options, 'D', 'admin').getCell('B').value = 'Back office';
      rowWithId(wb.getWorksheet('Survey')!, 'G', 'seg_department').getCell('C').value = 'The department you work in';
    });
    out('real-en-survey-edited.xlsx', bytes);
  }

  // A question rewritten as a formula (CSV/Excel injection): imported as its text, never run.
  {
    const bytes = await editWorkbook(await built(minimal, 'en', 'xlsx', 'confirmation-test.xlsx'), (wb) => {
      const test = wb.getWorksheet('Test')!;
      rowWithId(test, 'F', 'q_two').getCell('B').value = { formula: 'HYPERLINK("http://evil.example/","Click here")', result: 'Click here' } as ExcelJS.CellFormulaValue;
      rowWithId(test, 'F', 'q_one').getCell('B').value = '=1+1 is not a formula here';
    });
    fs.writeFileSync(path.join(manuscriptsDir, 'minimal-en-test-formula.xlsx'), bytes);
  }

  const edited = fs.readdirSync(tmp).map((f) => path.join(tmp, f));
  await libreOfficeResave(edited, manuscriptsDir);
  fs.rmSync(tmp, { recursive: true, force: true });
  for (const f of fs.readdirSync(manuscriptsDir).sort()) console.log(`${f}  ${(fs.statSync(path.join(manuscriptsDir, f)).size / 1024).toFixed(0)} KB`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
