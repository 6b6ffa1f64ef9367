/// <reference lib="dom" />
/**
 * The preview page: plays the LMS for one package at a time (runtime chosen from the
 * package's standard), keeps what the LMS stores on the preview server, and simulates what
 * real LMSs do: relaunch, new attempt, refused commits, slow calls, a window closed mid-course.
 * In watch mode it relaunches after each rebuild (the player resumes on the same slide) and
 * shows build problems as an overlay.
 */
import type { OverlayProblem, PreviewEvent } from '../server.ts';
import type { PackageInfo } from '../packages.ts';
import { byId, el } from './dom.ts';
import { Inspector } from './inspector.ts';
import { runtimes, type Cmi, type Faults, type LmsSession, type Runtime } from './runtimes.ts';

/** What the LMS keeps for one package: the attempt and the data of its last accepted commit. */
interface Stored {
  attempt: number;
  cmi: Cmi | null;
  savedAt: string | null;
}

/** Timings the page records, for the status line and for tests. */
interface PreviewTrace {
  /** Wall-clock ms: when the change was seen (watch mode), the relaunch began, the frame loaded, the course showed. */
  launches: { reason: string; changeAt: number | null; startAt: number; openAt: number; loadAt: number; visibleAt: number }[];
}

const learner = { learnerId: 'preview-learner', learnerName: 'Preview, Learner' };

const host = byId('course-host');
const status = byId('status');
const attemptInfo = byId('attempt-info');
const overlay = byId('overlay');
const select = byId<HTMLSelectElement>('package');
const failButton = byId<HTMLButtonElement>('fail-commits');
const slowButton = byId<HTMLButtonElement>('slow');
const slowMs = byId<HTMLInputElement>('slow-ms');
const inspector = new Inspector();
const trace: PreviewTrace = { launches: [] };
(window as any).previewTrace = trace;

let packages: PackageInfo[] = [];
let pkg: PackageInfo | null = null;
let runtime: Runtime | null = null;
let session: LmsSession | null = null;
let frame: HTMLIFrameElement | null = null;
/** Counts launches, so that only the latest one shows. */
let launches = 0;
let stored: Stored = { attempt: 1, cmi: null, savedAt: null };
const faults: Faults = { failCommits: false, delayMs: 0 };

function setStatus(text: string): void {
  status.textContent = text;
}

/** Writes go one after the other, so that the server keeps the last one. */
let persisting: Promise<unknown> = Promise.resolve();
let inFlight = 0;

function stateRequest(url: string, init: RequestInit): Promise<unknown> {
  const send = () => {
    inFlight++;
    return fetch(url, init).finally(() => inFlight--);
  };
  // Nothing pending: at once, so that the last store of a page that is closing still leaves
  // (with keepalive); otherwise after the writes before it.
  persisting = (inFlight === 0 ? send() : persisting.then(send)).catch(() => setStatus('Could not save the LMS data to the preview server.'));
  return persisting;
}

function persist(): void {
  if (!pkg) return;
  const body = JSON.stringify(stored);
  void stateRequest(`/api/state/${pkg.key}`, { method: 'PUT', body, keepalive: body.length < 60_000, headers: { 'content-type': 'application/json' } });
}

function updateAttemptInfo(): void {
  attemptInfo.textContent = `Attempt ${stored.attempt}${stored.savedAt ? ` · LMS data stored ${new Date(stored.savedAt).toLocaleTimeString('en-GB')}` : ' · nothing stored yet'}`;
}

/** Closes the course window, as a learner closing the tab: the player saves on `pagehide`. */
function closeWindow(): boolean {
  if (!frame) return false;
  frame.remove(); // runs the course's pagehide, where it commits and terminates
  frame = null;
  session?.detach();
  session = null;
  return true;
}

/** The mirror the player keeps in localStorage for this package (see player/session.ts). */
function clearPlayerMirror(p: PackageInfo): void {
  for (const k of Object.keys(localStorage)) {
    if (k.startsWith('scorm-player:') && k.includes(`@/pkg/${p.key}/`)) localStorage.removeItem(k);
  }
}

async function launch(reason: string, changeAt: number | null = null): Promise<void> {
  const startAt = Date.now();
  inspector.hold();
  closeWindow();
  if (!pkg || !runtime) return;
  host.textContent = '';
  if (runtime.unavailable) {
    host.append(el('p', { class: 'notice' }, runtime.unavailable));
    inspector.release();
    return;
  }
  const exit = stored.cmi ? exitOf(stored.cmi) : '';
  inspector.marker(`${reason} — attempt ${stored.attempt}, ${stored.cmi ? `with the stored data${exit ? ` (exit "${exit}")` : ''}` : 'first launch'}`);
  const mine = ++launches;
  let opened: LmsSession;
  try {
    opened = await runtime.open(
      { pkg, stored: stored.cmi, ...learner, masteryScore: pkg.masteryScore },
      {
        faults,
        onCall: (c) => {
          inspector.addCall(c);
          const live = session;
          if (live) inspector.refresh(() => live.cmi());
        },
        onStore: (cmi) => {
          stored = { ...stored, cmi, savedAt: new Date().toISOString() };
          persist();
          updateAttemptInfo();
        },
      },
    );
  } catch (e) {
    inspector.release();
    host.append(el('p', { class: 'notice' }, `The LMS side could not start: ${(e as Error).message}`));
    return;
  }
  // A newer launch (a second rebuild, say) started meanwhile: it wins.
  if (mine !== launches) {
    opened.detach();
    return;
  }
  session = opened;
  const openAt = Date.now();
  const f = el('iframe', { title: 'Course', src: `/pkg/${pkg.key}/${pkg.launch}${session.query ? `?${session.query}` : ''}`, id: 'course-frame' });
  frame = f;
  const launchedAt = performance.now();
  f.addEventListener('load', () => {
    const loadAt = Date.now();
    // Visible: the player has rendered its first screen and the frame has painted it.
    const doc = f.contentDocument;
    const shown = () => !!doc?.querySelector('main h1, [role="alert"]');
    const done = () =>
      requestAnimationFrame(() => {
        const visibleAt = Date.now();
        inspector.release();
        trace.launches.push({ reason, changeAt, startAt, openAt, loadAt, visibleAt });
        const ms = Math.round(performance.now() - launchedAt);
        setStatus(changeAt ? `${reason}: visible ${visibleAt - changeAt} ms after the change was seen.` : `${reason}: course visible after ${ms} ms.`);
      });
    if (shown()) done();
    else {
      const obs = new MutationObserver(() => {
        if (shown()) {
          obs.disconnect();
          done();
        }
      });
      if (doc?.body) obs.observe(doc.body, { childList: true, subtree: true });
    }
  });
  host.append(f);
  updateAttemptInfo();
  // A course that never shows (a server error, a broken player) must not keep the inspector waiting.
  setTimeout(() => inspector.release(), 3000);
}

function exitOf(cmi: Cmi): string {
  return String(cmi['exit'] ?? cmi['core']?.['exit'] ?? '');
}

async function choosePackage(key: string): Promise<void> {
  closeWindow();
  pkg = packages.find((p) => p.key === key) ?? null;
  if (!pkg) return;
  select.value = key;
  localStorage.setItem('preview:package', key);
  runtime = runtimes[pkg.target];
  inspector.clear(runtime);
  const saved = (await (await fetch(`/api/state/${pkg.key}`)).json()) as Stored | null;
  stored = saved ?? { attempt: 1, cmi: null, savedAt: null };
  await launch(saved?.cmi ? 'Launch with the stored data' : 'First launch');
}

/** The preview's LRS (cmi5) fails and slows down with the same switches as the SCORM runtimes. */
function sendLrsFaults(): void {
  void fetch('/api/cmi5/faults', { method: 'PUT', body: JSON.stringify({ fail: faults.failCommits, delayMs: faults.delayMs }) });
}

function toggle(button: HTMLButtonElement, on: boolean): void {
  button.setAttribute('aria-pressed', String(on));
}

function showProblems(problems: OverlayProblem[]): void {
  const list = byId('overlay-list');
  list.replaceChildren(
    ...problems.map((p) =>
      el(
        'li',
        { class: p.severity },
        el('p', { class: 'where' }, el('strong', null, `${p.severity} [${p.rule}]`), ' ', el('code', null, `${p.file}:${p.line}:${p.column}`)),
        p.frame.length
          ? el(
              'pre',
              null,
              p.frame.map((f) => `${String(f.line).padStart(4)} | ${f.text}\n`).join('') + `${' '.repeat(4)} | ${' '.repeat(Math.max(0, p.column - 1))}^`,
            )
          : null,
        el('p', null, p.message),
        el('p', { class: 'hint' }, `hint: ${p.hint}`),
      ),
    ),
  );
  byId('overlay-title').textContent = `${problems.length} problem(s) in the sources — fix and save; the preview updates by itself`;
  overlay.hidden = problems.length === 0;
}

function listen(): void {
  const events = new EventSource('/api/events');
  events.onmessage = (m) => {
    const e = JSON.parse(m.data as string) as PreviewEvent;
    if (e.type === 'hello') {
      document.body.classList.toggle('dev', e.dev);
      showProblems(e.problems);
    } else if (e.type === 'problems') {
      showProblems(e.problems);
      setStatus(`Build problems: ${e.problems.length}. The course shows the last good build.`);
    } else if (e.type === 'lrs') {
      session?.onLrs?.(e.entry);
    } else if (e.type === 'reload') {
      showProblems([]);
      inspector.marker(`Rebuilt (${e.reason}, ${e.ms} ms)`);
      if (pkg) void launch(`Rebuilt: ${e.reason}`, e.at).then(refreshPackages);
      else void refreshPackages().then(() => (packages.length ? choosePackage(firstPackage().key) : undefined));
    }
  };
}

async function refreshPackages(): Promise<void> {
  packages = (await (await fetch('/api/packages')).json()) as PackageInfo[];
  const current = select.value;
  select.replaceChildren(
    ...packages.map((p) => el('option', { value: p.key, disabled: runtimes[p.target].unavailable ? true : undefined }, `${p.lang} · ${runtimes[p.target].label} — ${p.title}`)),
  );
  if (current && packages.some((p) => p.key === current)) select.value = current;
}

/** The package shown last time, else the first one the page can play. */
function firstPackage(): PackageInfo {
  const remembered = localStorage.getItem('preview:package');
  return packages.find((p) => p.key === remembered) ?? packages.find((p) => !runtimes[p.target].unavailable) ?? packages[0]!;
}

async function boot(): Promise<void> {
  await refreshPackages();
  select.addEventListener('change', () => void choosePackage(select.value));
  byId('relaunch').addEventListener('click', () => void launch('Relaunch'));
  byId('new-attempt').addEventListener('click', () => {
    closeWindow();
    if (pkg) clearPlayerMirror(pkg);
    stored = { attempt: stored.attempt + 1, cmi: null, savedAt: null };
    persist();
    void launch('New attempt');
  });
  byId('close-window').addEventListener('click', () => {
    if (closeWindow()) {
      inspector.marker('Window closed mid-course');
      host.replaceChildren(el('p', { class: 'notice' }, 'The course window is closed. “Relaunch” comes back as the learner would.'));
      setStatus('Window closed.');
    }
  });
  byId('reset').addEventListener('click', async () => {
    closeWindow();
    if (!pkg || !runtime) return;
    await stateRequest(`/api/state/${pkg.key}`, { method: 'DELETE' });
    clearPlayerMirror(pkg);
    stored = { attempt: 1, cmi: null, savedAt: null };
    inspector.clear(runtime);
    await launch('Reset: first launch');
  });
  failButton.addEventListener('click', () => {
    faults.failCommits = !faults.failCommits;
    toggle(failButton, faults.failCommits);
    sendLrsFaults();
    inspector.marker(faults.failCommits ? 'LMS commit failure on: Commit and Terminate answer false' : 'LMS commit failure off');
  });
  const applySlow = () => {
    const on = slowButton.getAttribute('aria-pressed') === 'true';
    faults.delayMs = on ? Math.max(0, Number(slowMs.value) || 0) : 0;
    sendLrsFaults();
  };
  slowButton.addEventListener('click', () => {
    toggle(slowButton, slowButton.getAttribute('aria-pressed') !== 'true');
    applySlow();
    inspector.marker(faults.delayMs ? `Slow LMS: every call takes ${faults.delayMs} ms` : 'Slow LMS off');
  });
  slowMs.addEventListener('change', applySlow);
  byId<HTMLInputElement>('show-get').addEventListener('change', (e) => {
    byId('calls').classList.toggle('hide-get', !(e.target as HTMLInputElement).checked);
  });
  listen();
  sendLrsFaults();
  if (!packages.length) {
    host.append(el('p', { class: 'notice' }, 'No LMS package found. Run `npm run build`, then reload this page.'));
    return;
  }
  await choosePackage(firstPackage().key);
}

void boot().catch((e: unknown) => setStatus(`The preview could not start: ${(e as Error).message}`));
