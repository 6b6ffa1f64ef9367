/** `npm run import -- <file.pptx|file.xlsx> --variant <name>`: an edited manuscript into a company variant. */
import path from 'node:path';
import { Diagnostics, formatDiagnostic } from './diagnostics.ts';
import { formatSummary, importManuscript, manuscriptFileProblem } from './import/index.ts';
import { readCommandLine } from './command-line.ts';

const help = `Usage: npm run import -- <file.pptx|file.xlsx> --variant <name> [options]

Reads a manuscript a customer edited (the PowerPoint deck, the confirmation test or the
awareness survey workbook, saved by PowerPoint, Excel, LibreOffice…) and writes what changed
into the company variant content/variants/<name>/, then prints what changed.
Nothing is written when the file is refused or a problem is found.

Options:
  --variant <name>  the company variant to write (created when it does not exist)
  --content <dir>   course sources (default: content)
  --lang <code>     the manuscript's language, when the file does not tell
  --dry-run         show what would change, write nothing
  --json            print the result as JSON
  --help            show this help
`;

async function main(): Promise<number> {
  const parsed = readCommandLine(
    help,
    {
      variant: { type: 'string' },
      content: { type: 'string', default: 'content' },
      lang: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
    { allowPositionals: true },
  );
  if (typeof parsed === 'number') return parsed;
  const args = parsed.values;
  const color = process.stderr.isTTY && !process.env['NO_COLOR'];
  if (parsed.positionals.length === 1 && !args.variant) {
    // The file is what the person meant to import: a path that names none is the first thing to say.
    const file = path.resolve(parsed.positionals[0]!);
    const problem = manuscriptFileProblem(file);
    if (problem) {
      const diagnostics = new Diagnostics();
      diagnostics.report(problem.rule, { file, line: 0, column: 0 }, problem.message);
      process.stderr.write(`${formatDiagnostic(diagnostics.list[0]!, diagnostics.sources, { color })}\n\n`);
    }
  }
  if (parsed.positionals.length !== 1 || !args.variant) {
    process.stderr.write(`${parsed.positionals.length > 1 ? 'Import one file at a time.' : !args.variant ? 'Name the variant with --variant <name>.' : 'Name the file to import.'}\n\n${help}`);
    return 2;
  }
  const file = parsed.positionals[0]!;
  const result = await importManuscript({ contentDir: args.content!, file, variant: args.variant, lang: args.lang, write: !args['dry-run'] });
  const { diagnostics } = result;
  if (args.json) {
    process.stdout.write(
      `${JSON.stringify({ ok: result.ok, kind: result.kind, lang: result.lang, summary: result.summary, notes: result.notes, written: result.written, files: result.files.map((f) => f.path), diagnostics: diagnostics.list }, null, 2)}\n`,
    );
    return result.ok ? 0 : 1;
  }
  for (const d of diagnostics.list) process.stderr.write(`${formatDiagnostic(d, diagnostics.sources, { color })}\n\n`);
  if (!result.ok) {
    process.stderr.write(`Import failed: ${diagnostics.errors.length} error(s), ${diagnostics.warnings.length} warning(s). Nothing was written.\n`);
    return 1;
  }
  process.stdout.write(`${formatSummary(result, { file, variant: args.variant })}\n`);
  if (diagnostics.warnings.length) process.stdout.write(`${diagnostics.warnings.length} warning(s) above.\n`);
  return 0;
}

process.exitCode = await main();
