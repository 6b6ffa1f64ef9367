/**
 * The project's root folder, found by walking up from this module to the nearest package.json.
 * Not a fixed `..`: `npm run build` runs a bundle of build/ kept under node_modules/.cache
 * (scripts/run.mjs), where this module's own folder is a different depth from the root.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json')) && !dir.includes(`${path.sep}node_modules${path.sep}`) && !dir.endsWith(`${path.sep}node_modules`)) return dir;
    if (path.dirname(dir) === dir) throw new Error(`No package.json above ${from}.`);
  }
}

export const projectRoot = findRoot(path.dirname(fileURLToPath(import.meta.url)));
