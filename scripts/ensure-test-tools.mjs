#!/usr/bin/env node
// The tests drive a real Chromium (Debian's package; npm cannot download browsers here) and
// open the manuscripts in LibreOffice (rendered to PDF, read with poppler), with Japanese fonts
// and a metric-compatible Calibri. The recorded-narration tests speak their recordings with
// espeak-ng and encode and measure them with ffmpeg (and its ffprobe); speech-dispatcher with
// espeak-ng gives Chromium real voices for the read-aloud test. Install what is missing with
// apt-get, so `npm test` works on a fresh machine.
import { execSync, spawnSync } from 'node:child_process';

const needed = ['chromium', 'libreoffice-impress', 'libreoffice-calc', 'poppler-utils', 'fonts-noto-cjk', 'fonts-crosextra-carlito', 'espeak-ng', 'ffmpeg', 'speech-dispatcher', 'speech-dispatcher-espeak-ng'];

const installed = (pkg) =>
  spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' }).stdout?.includes('install ok installed');

const missing = needed.filter((p) => !installed(p));
if (missing.length) {
  const pkgs = missing.join(' ');
  const sudo = process.getuid?.() === 0 ? '' : 'sudo ';
  console.log(`Installing ${pkgs} with apt-get (needed by the browser, manuscript and recorded-narration tests)…`);
  try {
    execSync(`${sudo}apt-get update -qq && ${sudo}env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ${pkgs}`, {
      stdio: 'inherit',
    });
  } catch {
    console.error(`Could not install ${pkgs}. Install them yourself (apt-get install ${pkgs}) and run the tests again.`);
    process.exit(1);
  }
}
