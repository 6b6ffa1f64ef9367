/// <reference lib="dom" />
/**
 * The live data inspector beside the course: every call as it happens, what Moodle would
 * refuse, the interactions, the size of suspend_data against both standards' limits, and the
 * whole CMI data as a tree.
 */
import { checkMoodleValue } from '../../moodle-profile.ts';
import { MOODLE } from '../../../player/spec/moodle.ts';
import { byId, el, shorten } from './dom.ts';
import type { CallRecord, Cmi, Runtime } from './runtimes.ts';

/** cmi.suspend_data limits: SCORM 1.2 (which the course must fit too) and SCORM 2004. */
export const suspendLimits = [
  { label: 'SCORM 1.2', max: MOODLE.scorm12.limits['cmi.suspend_data'] },
  { label: 'SCORM 2004', max: MOODLE.scorm2004.limits['cmi.suspend_data'] },
] as const;

const maxRows = 3000;

export class Inspector {
  private runtime: Runtime | null = null;
  private checked = 0;
  private callsListed = 0;
  private rows: (() => HTMLTableRowElement)[] = [];
  private problemItems: (() => HTMLLIElement)[] = [];
  private flushing = false;
  private held = false;
  private problems = 0;
  private rejected = 0;
  private pending: Cmi | (() => Cmi) | null = null;
  private scheduled = false;
  /** Paths of the CMI tree the user opened or closed, kept across refreshes. */
  private readonly open = new Map<string, boolean>();

  private readonly calls = byId<HTMLTableSectionElement>('calls-body');
  private readonly callCount = byId('call-count');
  private readonly moodleStatus = byId('moodle-status');
  private readonly moodleList = byId<HTMLUListElement>('moodle-problems');
  private readonly interactions = byId<HTMLTableSectionElement>('interactions-body');
  private readonly interactionCount = byId('interaction-count');
  private readonly suspend = byId('suspend-size');
  private readonly location = byId('location-size');
  private readonly tree = byId('cmi-tree');

  /** A new package: everything starts empty. */
  clear(runtime: Runtime): void {
    this.runtime = runtime;
    this.checked = this.problems = this.rejected = this.callsListed = 0;
    this.rows = [];
    this.problemItems = [];
    this.calls.textContent = '';
    this.moodleList.textContent = '';
    this.updateCounts();
    this.refresh({});
  }

  /** A line across the call list: a launch, a relaunch, a rebuild. */
  marker(text: string): void {
    this.queue(() => el('tr', { class: 'marker' }, el('td', { colspan: 7 }, text)));
  }

  /**
   * Lists a call. Counting and the Moodle check happen at once; the row is built and added
   * with the others of the same moment, because the course is waiting for the API call to
   * return.
   */
  addCall(c: CallRecord): void {
    const failed = c.failed;
    let flag: string | null = null;
    if ((c.call === 'SetValue' || c.call === 'LMSSetValue') && this.runtime?.moodle) {
      this.checked++;
      const v = checkMoodleValue(this.runtime.moodle, c.element, c.value, { interactionType: c.interactionType });
      if (!v.ok) {
        flag = v.reason;
        this.problems++;
        this.problemItems.push(() =>
          el('li', null, el('code', null, c.element), ' = ', el('code', { title: c.value }, JSON.stringify(shorten(c.value, 80))), el('br'), v.reason, el('span', { class: 'rule' }, ` (${v.rule})`)),
        );
      }
    }
    this.callsListed++;
    if (failed) this.rejected++;
    const error = c.code !== '0' && failed ? `${c.code} ${c.text}${c.simulated ? ' (simulated)' : ''}` : '';
    this.queue(() =>
      el(
        'tr',
        {
          class: [c.call.includes('GetValue') ? 'get' : '', failed ? 'rejected' : '', flag ? 'moodle-flag' : ''].filter(Boolean).join(' ') || undefined,
          'data-call': c.call,
        },
        el('td', { class: 'num' }, c.seq),
        el('td', { class: 'num' }, `${c.ms}`),
        el('td', null, c.call),
        el('td', null, el('code', null, c.element)),
        el('td', { title: c.value.length > 100 ? c.value : undefined }, el('code', null, shorten(c.value, 100))),
        el('td', null, c.result),
        el('td', { class: 'error' }, error, flag ? el('span', { class: 'flag', title: flag }, ' Moodle: ' + flag) : null),
      ),
    );
  }

  /**
   * While the course loads, the inspector draws nothing: the course and the page share one
   * thread, and the learner (or author) is waiting for the course.
   */
  hold(): void {
    this.held = true;
  }

  release(): void {
    this.held = false;
    if (this.rows.length) this.flush();
    if (this.pending) this.refresh(this.pending);
  }

  private queue(row: () => HTMLTableRowElement): void {
    this.rows.push(row);
    if (this.flushing || this.held) return;
    this.flushing = true;
    setTimeout(() => this.flush(), 30);
  }

  private flush(): void {
    this.flushing = false;
    if (this.held) return;
    const box = this.calls.closest('.scroll');
    const atBottom = !box || box.scrollTop + box.clientHeight >= box.scrollHeight - 4;
    this.calls.append(...this.rows.map((r) => r()));
    this.rows = [];
    this.moodleList.append(...this.problemItems.map((li) => li()));
    this.problemItems = [];
    while (this.calls.rows.length > maxRows) this.calls.deleteRow(0);
    if (box && atBottom) box.scrollTop = box.scrollHeight;
    this.updateCounts();
  }

  /**
   * Shows the data. Reading the CMI and redrawing happen at most every 100 ms, after the
   * calls of one moment are done, so the inspector never holds up the course's own rendering.
   */
  refresh(cmi: Cmi | (() => Cmi)): void {
    this.pending = cmi;
    if (this.scheduled || this.held) return;
    this.scheduled = true;
    setTimeout(() => {
      this.scheduled = false;
      if (this.held) return;
      const p = this.pending;
      this.pending = null;
      if (p) this.draw(typeof p === 'function' ? p() : p);
    }, 100);
  }

  private updateCounts(): void {
    this.callCount.textContent = `${this.callsListed} calls, ${this.rejected} refused`;
    this.moodleStatus.className = this.problems ? 'bad' : 'good';
    this.moodleStatus.textContent = !this.runtime?.moodle
      ? 'No Moodle profile for this standard.'
      : this.problems
        ? `${this.problems} value(s) Moodle would refuse (${this.checked} checked).`
        : `Clean: Moodle accepts all ${this.checked} values sent so far.`;
  }

  private draw(cmi: Cmi): void {
    const rt = this.runtime;
    if (!rt) return;
    const rows = rt.interactionsOf(cmi);
    this.interactionCount.textContent = String(rows.length);
    this.interactions.replaceChildren(
      ...rows.map((r) =>
        el(
          'tr',
          null,
          el('td', { class: 'num' }, r.index),
          el('td', null, el('code', null, r.id)),
          el('td', null, r.type),
          el('td', { title: r.description || undefined }, el('code', null, shorten(r.response, 80))),
          el('td', null, r.result),
        ),
      ),
    );
    const data = rt.suspendDataOf(cmi);
    this.suspend.replaceChildren(
      el('p', null, el('strong', null, data.length.toLocaleString('en')), ' characters'),
      ...suspendLimits.map((l) =>
        el(
          'div',
          { class: `limit${data.length > l.max ? ' over' : ''}` },
          el('label', null, `${l.label}: ${data.length.toLocaleString('en')} / ${l.max.toLocaleString('en')}`, el('meter', { min: 0, max: l.max, high: l.max * 0.8, value: data.length })),
        ),
      ),
    );
    const loc = rt.locationOf(cmi);
    const locMax = rt.id === 'scorm12' ? MOODLE.scorm12.limits['cmi.core.lesson_location'] : MOODLE.scorm2004.limits['cmi.location'];
    this.location.textContent = `Bookmark: ${loc ? `"${shorten(loc, 60)}"` : '(none)'}, ${loc.length} / ${locMax} characters`;
    this.tree.replaceChildren(this.node('cmi', cmi, 'cmi', 0));
  }

  private node(key: string, value: unknown, path: string, depth: number): HTMLElement {
    if (value !== null && typeof value === 'object') {
      const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => !(v && typeof v === 'object' && Object.keys(v).length === 0));
      const details = el('details', null, el('summary', null, key, el('span', { class: 'dim' }, ` {${entries.length}}`)));
      details.open = this.open.get(path) ?? (depth < 1 || key === 'interactions' || /^\d+$/.test(key) ? depth < 2 : false);
      details.addEventListener('toggle', () => this.open.set(path, details.open));
      details.append(el('ul', null, entries.map(([k, v]) => el('li', null, this.node(k, v, `${path}.${k}`, depth + 1)))));
      return details;
    }
    const s = String(value ?? '');
    return el('span', { class: 'leaf' }, el('span', { class: 'key' }, key), ': ', el('code', { title: s.length > 120 ? s : undefined, class: s === '' ? 'dim' : undefined }, s === '' ? '""' : shorten(s, 120)));
  }
}
