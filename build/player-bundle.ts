/**
 * Bundles the player in memory with esbuild: one entry per LMS standard
 * (player/entries/<standard>.ts), so a package carries only its own adapter, plus player.css.
 */
import path from 'node:path';
import * as esbuild from 'esbuild';
import type { PlayerAssets } from './targets/target.ts';

export async function bundlePlayer(playerDir: string, entry: string): Promise<PlayerAssets> {
  const common = { bundle: true, minify: true, write: false, logLevel: 'silent', legalComments: 'none' } as const;
  const [js, css] = await Promise.all([
    esbuild.build({ ...common, entryPoints: [path.join(playerDir, 'entries', `${entry}.ts`)], format: 'iife', target: 'es2019', charset: 'utf8' }),
    esbuild.build({ ...common, entryPoints: [path.join(playerDir, 'player.css')], target: 'chrome80', charset: 'utf8' }),
  ]);
  return { js: js.outputFiles[0]!.contents, css: css.outputFiles[0]!.contents };
}
