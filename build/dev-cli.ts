/** `npm run dev -- [options]`: watch mode (build/dev.ts) from the command line. */
import path from 'node:path';
import { rel, startDev } from './dev.ts';
import { projectRoot } from './paths.ts';
import { readCommandLine } from './command-line.ts';

const help = `Usage: npm run dev -- [options]

Watch mode: serves the course in the preview LMS and rebuilds when content/, templates/ or
player/ change. The page relaunches the course on the same slide; problems appear here and
as an overlay in the page until they are fixed.

Options:
  --content <dir>   course sources (default: content)
  --variant <name>  serve the company variant content/variants/<name>/ instead of the base course
  --port <n>        port on 127.0.0.1 (default: 4173; a free one when taken)
  --state <dir>     where the LMS data of each package is kept (default: .tmp/preview)
  --help            show this help
`;

async function main(): Promise<number> {
  const parsed = readCommandLine(help, {
    content: { type: 'string', default: 'content' },
    variant: { type: 'string' },
    port: { type: 'string', default: '4173' },
    state: { type: 'string', default: path.join(projectRoot, '.tmp', 'preview') },
  });
  if (typeof parsed === 'number') return parsed;
  const args = parsed.values;
  const color = !!process.stdout.isTTY && !process.env['NO_COLOR'];
  const dev = await startDev({
    contentDir: args.content!,
    variant: args.variant,
    stateDir: args.state!,
    port: Number(args.port),
    color,
    log: (t) => process.stdout.write(`${t}\n`),
  });
  process.stdout.write(`Watching ${rel(path.resolve(args.content!))}, templates and player. Preview: ${dev.origin}/  (Ctrl+C to stop)\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await dev.close();
  return 0;
}

process.exitCode = await main();
