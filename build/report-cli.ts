/** `npm run report -- <inputs…> [--out dir] [--lang ja|en]`: what the survey and the test say about a workplace. */
import fs from 'node:fs';
import path from 'node:path';
import { readCommandLine } from './command-line.ts';
import { formatDiagnostic } from './diagnostics.ts';
import { ReportInputError } from './report/model.ts';
import { makeReport, ReportInputErrors, reportCourse } from './report/index.ts';
import { writeAtomically } from './write.ts';

const help = `Usage: npm run report -- <file…> [options]

Turns the answers learners gave in the course into an organisation report: an Excel workbook,
a PowerPoint deck with editable charts and an HTML page, in one language.

Inputs, any mix, recognised by their content:
  - Moodle's Interactions report of the SCORM 1.2 activity, downloaded as text, Excel or ODS
    (the text download is the safe one: see the README)
  - a Moodle course or activity backup with user data (.mbz), for SCORM 2004 and 1.2 activities
  - the Responses sheet of the course's survey workbook, filled in by hand (.xlsx)
  - xAPI statements from an LRS (JSON: an array, or {"statements": [...]}) for the cmi5 package
The same learner and attempt found in several files is counted once.

Options:
  --out <dir>          where to write the three files (default: dist/report)
  --lang <code>        the report's language (default: the course's first language)
  --attempts <which>   latest (default: each learner's latest attempt) or all
  --min-group <n>      withhold any breakdown of fewer than n respondents (default: 5)
  --with-names         list respondents by name and email (default: pseudonymous codes)
  --content <dir>      course sources (default: content)
  --variant <name>     the company variant the answers were collected with
  --json               print the report's numbers as JSON instead of a summary
  --help               show this help
`;

async function main(): Promise<number> {
  const parsed = readCommandLine(
    help,
    {
      out: { type: 'string', default: path.join('dist', 'report') },
      lang: { type: 'string' },
      attempts: { type: 'string', default: 'latest' },
      'min-group': { type: 'string', default: '5' },
      'with-names': { type: 'boolean', default: false },
      content: { type: 'string', default: 'content' },
      variant: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    { allowPositionals: true },
  );
  if (typeof parsed === 'number') return parsed;
  const args = parsed.values;
  const color = process.stderr.isTTY && !process.env['NO_COLOR'];
  if (!parsed.positionals.length) {
    process.stderr.write(`Name at least one file to report on.\n\n${help}`);
    return 2;
  }
  if (args.attempts !== 'latest' && args.attempts !== 'all') {
    process.stderr.write(`--attempts takes "latest" or "all", not "${args.attempts}".\n`);
    return 2;
  }
  const minGroupSize = Number(args['min-group']);
  if (!Number.isInteger(minGroupSize) || minGroupSize < 1) {
    process.stderr.write(`--min-group takes a whole number of respondents (1 or more), not "${args['min-group']}".\n`);
    return 2;
  }

  const { course, diagnostics } = await reportCourse(args.content!, args.variant);
  if (!course) {
    for (const d of diagnostics.errors) process.stderr.write(`${formatDiagnostic(d, diagnostics.sources, { color })}\n\n`);
    process.stderr.write('The course sources have errors (above): fix them, then make the report again. Nothing was written.\n');
    return 1;
  }
  const lang = args.lang ?? course.languages[0]!.code;
  if (!course.languages.some((l) => l.code === lang)) {
    process.stderr.write(`--lang ${lang}: the course is in ${course.languages.map((l) => l.code).join(', ')}. Nothing was written.\n`);
    return 2;
  }

  const inputs = [];
  for (const file of parsed.positionals) {
    let bytes: Uint8Array;
    try {
      bytes = fs.readFileSync(file);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      process.stderr.write(`${file}: ${code === 'ENOENT' ? 'there is no such file' : code === 'EISDIR' ? 'this is a folder: name the files in it' : `cannot be read (${code})`}. Nothing was written.\n`);
      return 1;
    }
    inputs.push({ file, bytes });
  }

  try {
    const { report, files } = await makeReport(course, inputs, { lang, attempts: args.attempts, minGroupSize, withNames: args['with-names']! });
    writeAtomically(args.out!, files.map((f) => ({ path: f.path, contents: f.bytes })), { keepExisting: true });
    if (args.json) {
      process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      return 0;
    }
    const n = report.respondents.length;
    process.stdout.write(
      [
        `${report.course.title}: ${n} respondent(s) from ${report.inputs.length} file(s), survey edition ${report.edition.id}.`,
        ...report.notes.map((note) => `  - ${note.text}`),
        `Weakest themes: ${report.themes.slice(0, 3).map((t) => `${t.title} ${t.score === null ? '–' : Math.round(t.score)}`).join(', ')}`,
        ...files.map((f) => `  ${path.join(args.out!, f.path)}`),
      ].join('\n') + '\n',
    );
    return 0;
  } catch (e) {
    const problems = e instanceof ReportInputErrors ? e.problems : e instanceof ReportInputError ? [e] : null;
    if (!problems) throw e;
    for (const p of problems) process.stderr.write(`${p.file}: ${p.problem}\n  ${p.hint}\n\n`);
    process.stderr.write(`${problems.length} file(s) could not be used. Nothing was written.\n`);
    return 1;
  }
}

process.exitCode = await main();
