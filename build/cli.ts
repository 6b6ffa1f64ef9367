/** `npm run build -- [options]`: builds the course's artefacts into dist/. */
import path from 'node:path';
import { formatDiagnostic } from './diagnostics.ts';
import { buildCourse, targetNames } from './index.ts';
import type { TargetName } from './targets/target.ts';
import { readCommandLine } from './command-line.ts';

const help = `Usage: npm run build -- [options]

Builds every artefact of the course for every language into the output folder.
The previous output stays untouched unless the whole build succeeds.

Options:
  --content <dir>   course sources (default: content)
  --out <dir>       output folder (default: dist)
  --variant <name>  build the company variant content/variants/<name>/ instead of the base course
  --lang <code>     build only this language (repeatable, or comma-separated)
  --target <name>   build only this target (repeatable): ${targetNames.join(', ')}
  --quiet           print only problems
  --json            print the result as JSON (artefacts, study time, diagnostics)
  --help            show this help

On a terminal the build shows its progress and uses colours; NO_COLOR=1 turns colours off.
Exit status: 0 built, 1 problems in the sources (the output folder is left as it was),
2 wrong options.
`;

function list(values: string[] | undefined): string[] | undefined {
  return values?.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

/**
 * One line on stderr that says what the build is doing, redrawn in place and cleared at the
 * end; only on a terminal, so logs and pipes never see it.
 */
class Progress {
  private readonly started = performance.now();
  private text = 'loading and checking the sources';
  private readonly timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly on: boolean,
    private readonly color: boolean,
  ) {
    if (on) {
      this.draw();
      this.timer = setInterval(() => this.draw(), 100);
      this.timer.unref();
    }
  }

  step(text: string): void {
    this.text = text;
    if (this.on) this.draw();
  }

  done(): void {
    if (!this.on) return;
    clearInterval(this.timer);
    process.stderr.write('\r\x1b[2K');
  }

  private draw(): void {
    const s = ((performance.now() - this.started) / 1000).toFixed(1);
    const line = `Building… ${this.text} (${s} s)`;
    process.stderr.write(`\r\x1b[2K${this.color ? `\x1b[2m${line}\x1b[22m` : line}`);
  }
}

async function main(): Promise<number> {
  const parsed = readCommandLine(help, {
    content: { type: 'string', default: 'content' },
    out: { type: 'string', default: 'dist' },
    variant: { type: 'string' },
    lang: { type: 'string', multiple: true },
    target: { type: 'string', multiple: true },
    quiet: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  });
  if (typeof parsed === 'number') return parsed;
  const args = parsed.values;
  const targets = list(args.target);
  const unknown = targets?.filter((t) => !(targetNames as string[]).includes(t));
  if (unknown?.length) {
    process.stderr.write(`Unknown target ${unknown.join(', ')}; choose from ${targetNames.join(', ')}.\n`);
    return 2;
  }
  const color = process.stderr.isTTY && !process.env['NO_COLOR'];
  const progress = new Progress(!!process.stderr.isTTY && !args.quiet && !args.json, !!color);
  let result;
  try {
    result = await buildCourse({
      contentDir: args.content!,
      outDir: args.out!,
      variant: args.variant,
      langs: list(args.lang),
      targets: targets as TargetName[] | undefined,
      onProgress: ({ lang, target, index, total }) => progress.step(`${lang} ${target} (${index}/${total})`),
    });
  } catch (e) {
    progress.done();
    process.stderr.write(`build failed: ${(e as Error).message}\n`);
    return 1;
  }
  progress.done();
  const { diagnostics } = result;
  if (args.json) {
    process.stdout.write(
      `${JSON.stringify(
        {
          ok: result.ok,
          ms: Math.round(result.ms),
          artefacts: result.artefacts.map((a) => ({ ...a, path: path.join(args.out!, a.path), ms: Math.round(a.ms) })),
          studyTimes: result.studyTimes,
          player: result.playerBytes,
          diagnostics: diagnostics.list,
        },
        null,
        2,
      )}\n`,
    );
    return result.ok ? 0 : 1;
  }
  for (const d of diagnostics.list) process.stderr.write(`${formatDiagnostic(d, diagnostics.sources, { color })}\n\n`);
  const errors = diagnostics.errors.length;
  const warnings = diagnostics.warnings.length;
  if (!result.ok) {
    process.stderr.write(`Build failed: ${errors} error(s), ${warnings} warning(s). ${args.out} was left as it was.\n`);
    return 1;
  }
  if (!args.quiet) {
    const tty = !!process.stdout.isTTY && !process.env['NO_COLOR'];
    const bold = (t: string) => (tty ? `\x1b[1m${t}\x1b[22m` : t);
    const green = (t: string) => (tty ? `\x1b[32m${t}\x1b[39m` : t);
    const out: string[] = [];
    const w = Math.max(...result.artefacts.map((a) => a.path.length), 10);
    out.push(bold(`${'artefact'.padEnd(w + 2 + args.out!.length)}  ${'size'.padStart(9)}  ${'time'.padStart(7)}`));
    for (const a of result.artefacts) {
      // A package's recorded narration is shown apart: the package budget is for the rest.
      const audio = a.audio ? `  (${kb(a.bytes - a.audio.bytes)} + audio ${kb(a.audio.bytes)} in ${a.audio.files} file${a.audio.files === 1 ? '' : 's'})` : '';
      out.push(`${path.join(args.out!, a.path).padEnd(w + 2 + args.out!.length)}  ${kb(a.bytes).padStart(9)}  ${`${a.ms.toFixed(0)} ms`.padStart(7)}${audio}`);
    }
    for (const [entry, b] of Object.entries(result.playerBytes)) {
      out.push(`player (${entry}): player.js ${kb(b.js)}, player.css ${kb(b.css)}`);
    }
    for (const t of result.studyTimes) {
      const lessons = t.lessons.map((l) => `${l.id} ${l.minutes.toFixed(1)}`).join(', ');
      out.push(`study time ${t.lang}: ${t.totalMinutes.toFixed(1)} min (survey ${t.surveyMinutes.toFixed(1)}, lessons: ${lessons}, test ${t.testMinutes.toFixed(1)})`);
    }
    out.push(green(`Built ${result.artefacts.length} artefact(s) in ${(result.ms / 1000).toFixed(2)} s${warnings ? ` with ${warnings} warning(s)` : ''}.`));
    process.stdout.write(`${out.join('\n')}\n`);
  }
  return 0;
}

process.exitCode = await main();
