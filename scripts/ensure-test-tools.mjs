#!/usr/bin/env node
// The tests drive a real Chromium (Debian's package; npm cannot download browsers here).
// Install what is missing with apt-get, so `npm test` works on a fresh machine.
import { execSync } from 'node:child_process';
import fs from 'node:fs';

const needed = [{ bin: '/usr/bin/chromium', pkg: 'chromium' }];
const missing = needed.filter((n) => !fs.existsSync(n.bin));
if (missing.length) {
  const pkgs = missing.map((m) => m.pkg).join(' ');
  const sudo = process.getuid?.() === 0 ? '' : 'sudo ';
  console.log(`Installing ${pkgs} with apt-get (needed by the browser tests)…`);
  try {
    execSync(`${sudo}apt-get update -qq && ${sudo}env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ${pkgs}`, {
      stdio: 'inherit',
    });
  } catch {
    console.error(`Could not install ${pkgs}. Install it yourself (apt-get install ${pkgs}) and run the tests again.`);
    process.exit(1);
  }
}
