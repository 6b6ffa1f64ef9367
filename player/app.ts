import type { PlayerCourse } from './course-data.ts';
import { h } from './dom.ts';
import { labeller, type Labeller } from './labels.ts';
import type { InteractionRecord, LmsAdapter, SaveStatus } from './lms/adapter.ts';
import { StandaloneAdapter } from './lms/standalone.ts';
import * as rules from './rules.ts';
import { Session } from './session.ts';
import { placeToBookmark, type LearnerState, type Place } from './state.ts';
import { titleScreen } from './screens/title.ts';
import { surveyScreen } from './screens/survey.ts';
import { lessonScreen } from './screens/lesson.ts';
import { testScreen } from './screens/test.ts';
import { finishedScreen, resultsScreen } from './screens/results.ts';
import { renderToc } from './screens/toc.ts';

/** The player: owns the learner state, moves between screens, and tells the LMS. */
export class App {
  readonly t: Labeller;
  /** The LMS could not be reached although it was found: say so, keep working locally. */
  lmsUnavailable = false;
  /** The narration transcript stays open across slides once the learner opens it. */
  transcriptOpen = false;
  /** The last answer of an attempt was just checked: its feedback stays until "see score". */
  showingLastFeedback = false;
  private session!: Session;
  private ended = false;
  private completionReported = false;
  private main!: HTMLElement;
  private toc!: HTMLElement;
  private tocToggle!: HTMLButtonElement;
  private status!: HTMLElement;
  private statusTimer: ReturnType<typeof setTimeout> | undefined;
  private announceNextSave = false;

  constructor(
    readonly course: PlayerCourse,
    private adapter: LmsAdapter,
    private readonly root: HTMLElement,
    private readonly storage: Storage | null,
  ) {
    this.t = labeller(course.ui);
  }

  async start(): Promise<void> {
    try {
      this.session = await Session.open(this.course, this.adapter, this.storage, location.pathname);
    } catch (e) {
      console.error('[player] LMS session could not start; continuing without it.', e);
      this.lmsUnavailable = true;
      this.adapter = new StandaloneAdapter();
      this.session = await Session.open(this.course, this.adapter, this.storage, location.pathname);
    }
    this.adapter.onSaveStatus((s) => this.showSaveStatus(s));
    this.layout();
    this.reconcile();
    this.render(false);
    this.listenToPageLifecycle();
  }

  get state(): LearnerState {
    return this.session.state;
  }
  get connected(): boolean {
    return this.adapter.connected;
  }
  get learnerName(): string {
    return this.session.launch.learnerName;
  }
  get reviewMode(): boolean {
    return this.session.launch.mode !== 'normal';
  }
  /** The pass mark as a fraction, honouring the LMS's. */
  get threshold(): number {
    return rules.passThreshold(this.course, this.session.launch.masteryScore);
  }
  get passed(): boolean {
    return rules.passed(this.course, this.state, this.session.launch.masteryScore);
  }

  /** Moves to a place, saves the bookmark and shows it with focus on its heading. */
  go(place: Place): void {
    this.state.place = place;
    const finishedLesson = this.visit(place);
    this.save();
    if (finishedLesson) {
      this.reportCompletion();
      this.commit();
    }
    this.render(true);
  }

  /** Where "start/continue" leads: the first thing not yet done. */
  nextPlace(): Place {
    const s = this.state;
    if (!s.survey.done) return { screen: 'survey' };
    const lesson = this.course.lessons.find((l) => !rules.lessonDone(this.course, s, l.id));
    if (lesson) return { screen: 'lesson', lesson: lesson.id, slide: lesson.slides[s.seen[lesson.id] ?? 0]!.id };
    return rules.completed(this.course, s) ? { screen: 'results' } : { screen: 'test' };
  }

  /** Writes state, bookmark and progress to the LMS and the local copy (no commit). */
  save(): void {
    this.session.save({ bookmark: placeToBookmark(this.state.place), progress: rules.progress(this.course, this.state) });
  }

  commit(announce = false): void {
    if (announce) this.announceNextSave = true;
    void this.session.commit();
  }

  record(r: InteractionRecord): void {
    this.session.record(r);
  }

  /** After a test attempt ends: score to the LMS, completion if due, then save and commit. */
  reportResult(): void {
    const best = this.state.test.best;
    if (best !== null) this.adapter.reportResult({ scorePercent: best, passed: this.passed });
    this.reportCompletion();
  }

  /** "Exit": ends the LMS session properly, then says the window may be closed. */
  exit(): void {
    const kind = rules.exitKind(this.course, this.state, this.session.launch.masteryScore);
    if (kind === 'normal') this.state.finished = true;
    this.save();
    this.adapter.finish(kind);
    this.ended = true;
    this.showScreen(finishedScreen(this), true);
  }

  render(focus: boolean): void {
    const p = this.state.place;
    const screen =
      p.screen === 'survey'
        ? surveyScreen(this)
        : p.screen === 'lesson'
          ? lessonScreen(this, p.lesson, p.slide)
          : p.screen === 'test'
            ? testScreen(this)
            : p.screen === 'results'
              ? resultsScreen(this)
              : titleScreen(this);
    this.showScreen(screen, focus);
  }

  private showScreen(screen: HTMLElement, focus: boolean): void {
    this.main.textContent = '';
    this.main.appendChild(screen);
    this.updateToc();
    if (focus) {
      window.scrollTo(0, 0);
      const heading = this.main.querySelector<HTMLElement>('h1');
      heading?.setAttribute('tabindex', '-1');
      heading?.focus();
    }
  }

  /** Marks a slide seen; returns true when that finished its lesson. */
  private visit(place: Place): boolean {
    if (place.screen !== 'lesson') return false;
    const lesson = this.course.lessons.find((l) => l.id === place.lesson);
    if (!lesson) return false;
    const index = lesson.slides.findIndex((s) => s.id === place.slide);
    const before = rules.lessonDone(this.course, this.state, lesson.id);
    this.state.seen[lesson.id] = Math.max(this.state.seen[lesson.id] ?? 0, index + 1);
    return !before && rules.lessonDone(this.course, this.state, lesson.id);
  }

  private reportCompletion(): void {
    if (!this.completionReported && rules.completed(this.course, this.state)) {
      this.adapter.markCompleted();
      this.completionReported = true;
    }
  }

  /** On every launch, restate what the learner state implies, so a lost commit heals itself. */
  private reconcile(): void {
    if (this.state.place.screen === 'lesson') this.visit(this.state.place);
    if (this.state.test.best !== null) this.reportResult();
    else this.reportCompletion();
    this.save();
    this.commit();
  }

  private listenToPageLifecycle(): void {
    // Moodle blocks `unload` in its frame and browsers drop work while closing: save when the
    // page is hidden and end the session on `pagehide`.
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden' && !this.ended) {
        this.save();
        this.commit();
      }
    });
    window.addEventListener('pagehide', () => {
      if (this.ended) return;
      this.save();
      this.adapter.finish(rules.exitKind(this.course, this.state, this.session.launch.masteryScore));
      if (this.adapter.connected) this.ended = true;
    });
    window.addEventListener('pageshow', (e) => {
      // Back from the back/forward cache after the LMS session was ended: it cannot restart.
      if (e.persisted && this.ended) this.showScreen(finishedScreen(this), true);
    });
  }

  private layout(): void {
    const t = this.t;
    this.status = h('p', { class: 'save-status', role: 'status', 'aria-live': 'polite' });
    this.tocToggle = h(
      'button',
      {
        type: 'button',
        class: 'toc-toggle',
        'aria-expanded': 'false',
        'aria-controls': 'toc',
        onclick: () => this.setTocOpen(this.tocToggle.getAttribute('aria-expanded') !== 'true'),
      },
      h('span', { class: 'toc-toggle-icon', 'aria-hidden': 'true' }),
      t('contents'),
    );
    this.toc = h('nav', { id: 'toc', class: 'toc', 'aria-labelledby': 'toc-heading' });
    // Escape closes the contents panel from the panel itself or from its toggle.
    this.root.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && this.toc.classList.contains('open')) {
        this.setTocOpen(false);
        this.tocToggle.focus();
      }
    });
    this.main = h('main', { id: 'main', class: 'main', tabindex: '-1' });
    this.root.textContent = '';
    this.root.append(
      h('a', { class: 'skip-link', href: '#main' }, t('skipToContent')),
      h(
        'header',
        { class: 'bar' },
        this.tocToggle,
        h('p', { class: 'bar-title' }, this.course.title),
        !this.connected ? h('p', { class: 'badge' }, t('standaloneBadge')) : null,
        this.status,
      ),
      h('div', { class: 'layout' }, this.toc, this.main),
    );
  }

  setTocOpen(open: boolean): void {
    this.tocToggle.setAttribute('aria-expanded', String(open));
    this.toc.classList.toggle('open', open);
  }

  private updateToc(): void {
    this.toc.textContent = '';
    if (this.ended) {
      this.tocToggle.hidden = true;
      this.toc.hidden = true;
      return;
    }
    this.toc.appendChild(renderToc(this));
  }

  private showSaveStatus(s: SaveStatus): void {
    const text = this.status.textContent;
    if (s.state === 'saved') {
      // Announce a save only when the learner is waiting for it (an answer) or after a failure.
      if (!this.announceNextSave && text === '') return;
      this.announceNextSave = false;
      this.setStatus(this.t('saved'), 'ok');
      clearTimeout(this.statusTimer);
      this.statusTimer = setTimeout(() => this.setStatus('', 'ok'), 5000);
    } else {
      clearTimeout(this.statusTimer);
      this.setStatus(this.t(s.state === 'retrying' ? 'saveRetrying' : 'saveFailed'), 'error');
    }
  }

  private setStatus(text: string, kind: 'ok' | 'error'): void {
    if (this.status.textContent !== text) this.status.textContent = text;
    this.status.className = `save-status ${kind}`;
  }
}
