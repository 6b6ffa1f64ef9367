/**
 * `npm run preview -- [options]`: the built LMS packages in a local LMS with a live data
 * inspector, on http://127.0.0.1:4173/. Builds them first when dist/ has none.
 */
import path from 'node:path';
import { buildCourse, targetNames } from '../index.ts';
import { formatDiagnostic } from '../diagnostics.ts';
import type { TargetName } from '../targets/target.ts';
import { distSource, lmsTargets } from './packages.ts';
import { projectRoot, startPreview } from './server.ts';
import { readCommandLine } from '../command-line.ts';

const help = `Usage: npm run preview -- [options]

Plays the LMS packages in dist/ in a local LMS (scorm-again) with a live inspector:
every SetValue and Commit, the CMI data, the interactions, suspend_data against the
SCORM 1.2 and 2004 limits, and the values Moodle would refuse.

Options:
  --dist <dir>      the packages to play (default: dist); built first when it has none
  --content <dir>   course sources, for that first build (default: content)
  --port <n>        port on 127.0.0.1 (default: 4173; a free one when taken)
  --state <dir>     where the LMS data of each package is kept (default: .tmp/preview)
  --build           build the LMS packages first, even when dist/ has them
  --help            show this help
`;

async function main(): Promise<number> {
  const parsed = readCommandLine(help, {
    dist: { type: 'string', default: 'dist' },
    content: { type: 'string', default: 'content' },
    port: { type: 'string', default: '4173' },
    state: { type: 'string', default: path.join(projectRoot, '.tmp', 'preview') },
    build: { type: 'boolean', default: false },
  });
  if (typeof parsed === 'number') return parsed;
  const args = parsed.values;
  const source = distSource(args.dist!);
  if (args.build || (await source.list()).length === 0) {
    const lms = targetNames.filter((t): t is TargetName => (lmsTargets as readonly string[]).includes(t));
    process.stdout.write(`Building ${lms.join(', ')} into ${args.dist}…\n`);
    const result = await buildCourse({ contentDir: args.content!, outDir: args.dist!, targets: lms });
    for (const d of result.diagnostics.list) process.stderr.write(`${formatDiagnostic(d, result.diagnostics.sources, { color: process.stderr.isTTY })}\n\n`);
    if (!result.ok) {
      process.stderr.write('The build failed; nothing to preview.\n');
      return 1;
    }
  }
  const server = await startPreview({ source, stateDir: args.state!, port: Number(args.port) });
  const found = await source.list();
  process.stdout.write(`Preview LMS: ${server.origin}/\n`);
  process.stdout.write(`Packages: ${found.map((p) => p.key).join(', ')} (from ${args.dist}; rebuild with npm run build, then reload the page)\n`);
  process.stdout.write(`LMS data kept in ${path.relative(process.cwd(), args.state!) || args.state}. Ctrl+C to stop.\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  return 0;
}

process.exitCode = await main();
