/**
 * Options of the project's commands (build, dev, preview, import, bench), read the same way by
 * each: `--help` prints the usage and exits 0; an unknown or malformed option prints what was
 * wrong, then the usage, and exits 2.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

/** The parsed command line, or the exit status when the command should stop here. */
export function readCommandLine<const O extends Options, const P extends boolean = false>(
  usage: string,
  options: O,
  opts: { allowPositionals?: P; args?: string[] } = {},
): ReturnType<typeof parseArgs<{ options: O & { help: { type: 'boolean' } }; allowPositionals: P }>> | number {
  let parsed;
  try {
    parsed = parseArgs({ args: opts.args, options: { ...options, help: { type: 'boolean' } } as O & { help: { type: 'boolean' } }, allowPositionals: (opts.allowPositionals ?? false) as P });
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n\n${usage}`);
    return 2;
  }
  if ((parsed.values as { help?: boolean }).help) {
    process.stdout.write(usage);
    return 0;
  }
  return parsed;
}
