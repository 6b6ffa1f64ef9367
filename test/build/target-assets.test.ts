/**
 * Targets take everything besides the course from their context: templates, control schemas
 * and players from `ctx.assets`, the logo from `ctx.logo`. New assets mean new output, with no
 * cache in between (watch mode once had to copy templates/ on every save to get past one).
 */
import path from 'node:path';
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, test } from 'vitest';
import { targetNames, targets } from '../../build/targets/index.ts';
import { readTemplates } from '../../build/assets.ts';
import { loadCourse } from '../../build/index.ts';
import type { Course } from '../../build/model.ts';
import { cmi5 } from '../../build/targets/cmi5/index.ts';
import { jszipParts } from '../../build/targets/jszip-parts.ts';
import { scorm12 } from '../../build/targets/scorm12/index.ts';
import { scorm2004 } from '../../build/targets/scorm2004/index.ts';
import type { Target, TargetAssets } from '../../build/targets/target.ts';
import { fixturesDir } from '../support/fixture.ts';
import { targetContext } from '../support/target-context.ts';

const bytes = (s: string) => new TextEncoder().encode(s);
const player = (name: string) => ({ js: bytes(`/* ${name} */`), css: bytes(`/* ${name} css */`) });
const players = new Map(['scorm2004', 'scorm12', 'cmi5'].map((e) => [e, player(e)]));

let course: Course;
let templates: Map<string, Uint8Array>;
beforeAll(() => {
  const loaded = loadCourse(path.join(fixturesDir, 'minimal'));
  if (!loaded.course) throw new Error(loaded.diagnostics.list.map((d) => d.message).join('\n'));
  course = loaded.course;
  templates = readTemplates();
});

/** The entries of the one zip a package target makes. */
async function built(target: Target, assets: TargetAssets): Promise<Record<string, Uint8Array>> {
  const files = await target.build(course, targetContext(course, 'en', assets));
  expect(files).toHaveLength(1);
  return unzipSync(files[0]!.contents);
}

describe('a package target', () => {
  test('embeds the player its context carries for its entry', async () => {
    const files = await built(scorm12, { templates, players });
    expect(strFromU8(files['player.js']!)).toBe('/* scorm12 */');
    expect(strFromU8(files['player.css']!)).toBe('/* scorm12 css */');
  });

  test('says which player is missing when its context lacks it', async () => {
    await expect(built(cmi5, { templates, players: new Map([['scorm2004', player('scorm2004')]]) })).rejects.toThrow('The "cmi5" player was not bundled (the assets hold "scorm2004"); bundle every target\'s playerEntry before running the targets.');
  });

  test('says which template is missing when its context lacks it', async () => {
    const assets: TargetAssets = { templates: new Map([...templates].filter(([k]) => k !== 'scorm2004/imsmanifest.xml.hbs')), players };
    await expect(built(scorm2004, assets)).rejects.toThrow('The template "scorm2004/imsmanifest.xml.hbs" is not among the build\'s assets; templates/scorm2004/imsmanifest.xml.hbs should exist.');
  });

  test('uses a changed template as soon as its assets bring it', async () => {
    const page = async (t: Map<string, Uint8Array>) => strFromU8((await built(scorm2004, { templates: t, players }))['index.html']!);
    expect(await page(templates)).not.toContain('changed');
    const changed = new Map(templates).set('player.html.hbs', bytes(`${strFromU8(templates.get('player.html.hbs')!)}<!-- changed -->`));
    expect(await page(changed)).toContain('<!-- changed -->');
    expect(await page(templates)).not.toContain('changed');
  });

  test('puts the control schemas of templates/<standard>/xsd/ at the package root', async () => {
    const files = await built(scorm2004, { templates, players });
    const xsds = [...templates.keys()].filter((k) => k.startsWith('scorm2004/xsd/')).map((k) => k.slice('scorm2004/xsd/'.length));
    expect(xsds.length).toBeGreaterThan(0);
    for (const x of xsds) expect(files[x]).toEqual(templates.get(`scorm2004/xsd/${x}`));
  });

  test('declares the player entry it embeds, the same the registry bundles before loading it', async () => {
    expect([scorm2004.playerEntry, scorm12.playerEntry, cmi5.playerEntry]).toEqual(['scorm2004', 'scorm12', 'cmi5']);
    for (const name of targetNames) expect(targets[name].playerEntry).toBe((await targets[name].load()).playerEntry);
  });
});

describe('taking the parts exceljs hands to JSZip', () => {
  const workbook = () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Sheet').getCell('A1').value = 'カスハラ';
    return wb;
  };

  test('gives every part as exceljs wrote it, in its order, without a zip', async () => {
    const parts = await jszipParts('exceljs', (type) => workbook().xlsx.writeBuffer({ zip: { type } as Partial<ExcelJS.JSZipGeneratorOptions> }));
    expect([...parts.keys()][0]).toBe('[Content_Types].xml');
    expect(parts.get('xl/sharedStrings.xml')).toContain('カスハラ');
  });

  test('leaves every other use of JSZip as it was', async () => {
    const zip = new Uint8Array(await workbook().xlsx.writeBuffer());
    expect(strFromU8(unzipSync(zip)['xl/sharedStrings.xml']!)).toContain('カスハラ');
  });

  test('says so when the library wrote without JSZip', async () => {
    await expect(jszipParts('exceljs', async () => undefined)).rejects.toThrow('exceljs wrote its package without JSZip\'s generateAsync');
  });
});
