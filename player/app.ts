import * as answers from './answers.ts';
import { focusQuietly, h } from './dom.ts';
import { labeller, type Labeller } from './labels.ts';
import { Narrator } from './narration.ts';
import type { LmsAdapter, SaveStatus } from './lms/adapter.ts';
import { StandaloneAdapter } from './lms/standalone.ts';
import * as rules from './rules.ts';
import { Session } from './session.ts';
import type { PlayerCourse, PlayerSurveyItem } from './spec/course-data.ts';
import { placeToBookmark, type LearnerState, type NarrationPrefs, type Place } from './state.ts';
import type { Intents } from './intents.ts';
import type { SurveyAnswer } from './survey.ts';
import { lessonScreen } from './screens/lesson.ts';
import { finishedScreen, resultsScreen, type FinishedOutcome } from './screens/results.ts';
import { surveyScreen } from './screens/survey.ts';
import { attemptResultScreen, questionScreen, testIntroScreen, testLockedScreen } from './screens/test.ts';
import { titleScreen } from './screens/title.ts';
import { renderToc } from './screens/toc.ts';

/**
 * The player: owns the learner state and every change to it, moves between screens, and tells
 * the LMS. Screens get what they show and report what the learner does through `Intents`,
 * which the app carries out; what an intent changes and records is decided in rules.ts and
 * answers.ts.
 */
export class App implements Intents {
  private readonly t: Labeller;
  private readonly narrator: Narrator;
  /** The LMS could not be reached although it was found: say so, keep working locally. */
  private lmsUnavailable = false;
  /** The narration transcript stays open across slides once the learner opens it. */
  private transcriptOpen = false;
  /** The last answer of an attempt was just checked: its feedback stays until "see score". */
  private showingLastFeedback = false;
  /** When the screen on show was rendered: the start of each answer's latency. */
  private shownAt = 0;
  private draftTimer: ReturnType<typeof setTimeout> | undefined;
  private session!: Session;
  private ended = false;
  private completionReported = false;
  private main!: HTMLElement;
  private toc!: HTMLElement;
  private tocToggle!: HTMLButtonElement;
  private status!: HTMLElement;
  private statusTimer: ReturnType<typeof setTimeout> | undefined;
  private announceNextSave = false;
  /** A value the LMS refused stays unsaved for good: said until the session ends. */
  private refused = false;

  constructor(
    private readonly course: PlayerCourse,
    private adapter: LmsAdapter,
    private readonly root: HTMLElement,
    private readonly storage: Storage | null,
  ) {
    this.t = labeller(course.ui);
    this.narrator = new Narrator(course.lang);
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
    // The LMS was found but refused the session: nothing reaches it until the next launch, which
    // sends what this browser keeps. Said on every screen, not only on the title.
    if (this.lmsUnavailable) this.setStatus(this.t('saveFailed'), 'error');
    this.showRecovery();
    this.reconcile();
    this.render(false);
    this.listenToPageLifecycle();
  }

  private get state(): LearnerState {
    return this.session.state;
  }
  private get mastery(): number | null {
    return this.session.launch.masteryScore;
  }

  /** Moves to a place, saves the bookmark, commits it and shows the place with focus on its heading. */
  go(place: Place): void {
    this.state.place = place;
    if (this.visit(place)) this.reportCompletion();
    this.save();
    this.commit();
    this.render(true);
  }

  resume(): void {
    this.go(rules.nextPlace(this.course, this.state));
  }

  /**
   * A draft is kept in this browser only: the LMS gets it with the next save (the survey
   * submitted, the page hidden). Writing to the LMS on every radio change and keystroke costs a
   * slow LMS a call each, and a draft is not an answer yet.
   */
  draft(itemId: string, value: SurveyAnswer, typing: boolean): void {
    this.state.survey.answers[itemId] = value;
    clearTimeout(this.draftTimer);
    if (typing) this.draftTimer = setTimeout(() => this.session.keepLocally(), 600);
    else this.session.keepLocally();
  }

  submitSurvey(): PlayerSurveyItem[] {
    const missing = answers.unansweredItems(this.course, this.state);
    if (missing.length) return missing;
    for (const r of answers.submitSurvey(this.course, this.state, this.shownAt, Date.now())) this.session.record(r);
    this.save();
    this.commit(true);
    this.resume();
    return missing;
  }

  startAttempt(): void {
    answers.startAttempt(this.course, this.state);
    this.go({ screen: 'test' });
  }

  answer(questionId: string, choiceIds: string[]): boolean {
    const record = answers.answerQuestion(this.course, this.state, questionId, choiceIds, this.shownAt, Date.now());
    if (!record) return false;
    this.session.record(record);
    const done = this.state.test.done;
    if (done) {
      this.showingLastFeedback = true;
      this.reportResult();
    }
    this.save();
    // Every answer is committed; the learner hears "saved" once the attempt's score is safe.
    this.commit(done);
    return record.result === 'correct';
  }

  nextQuestion(): void {
    const t = this.state.test;
    if (t.index < t.drawn.length - 1) t.index += 1;
    this.showingLastFeedback = false;
    this.go({ screen: 'test' });
  }

  /** "Exit": ends the LMS session properly, then says the window may be closed. */
  exit(): void {
    if (this.ended) return;
    const kind = rules.exitKind(this.course, this.state, this.mastery);
    if (kind === 'normal') this.state.finished = true;
    this.save();
    this.ended = true;
    // "You may close the window" only once the LMS has everything; a slow LMS gets its calls one
    // at a time meanwhile, and closing the window before that still completes it (pagehide).
    void this.adapter.finish(kind, false).then(() => this.showFinished());
  }

  /** The session is over: says whether the course is done or what the next launch resumes. */
  private showFinished(): void {
    const { course, state } = this;
    const outcome: FinishedOutcome = rules.passed(course, state, this.mastery)
      ? 'passed'
      : !rules.completed(course, state)
        ? 'incomplete'
        : rules.attemptsLeft(course, state) === 0
          ? 'over'
          : 'retry';
    this.narrator.pause();
    this.showScreen(finishedScreen(this.t, { outcome, connected: this.adapter.connected }), true);
  }

  setTranscriptOpen(open: boolean): void {
    this.transcriptOpen = open;
  }

  setNarration(prefs: Partial<NarrationPrefs>): void {
    Object.assign(this.state.narration, prefs);
    this.save();
    this.commit();
  }

  closeToc(): void {
    this.setTocOpen(false);
  }

  /** Writes state, bookmark, progress and exit to the LMS and the local copy (no commit). */
  private save(): void {
    this.session.save({
      bookmark: placeToBookmark(this.state.place),
      progress: rules.progress(this.course, this.state),
      exit: rules.exitKind(this.course, this.state, this.mastery),
    });
  }

  private commit(announce = false, urgent = false): void {
    if (announce) this.announceNextSave = true;
    void this.session.commit(urgent);
  }

  /** Sends the test outcome, if any, and completion when it is due. */
  private reportResult(): void {
    const result = answers.testResult(this.course, this.state, this.mastery);
    if (result) this.adapter.reportResult(result);
    this.reportCompletion();
  }

  private render(focus: boolean): void {
    // Narration belongs to its slide: it stops before the next screen is made (a detached
    // <audio> would play on), and that screen's own narration may then start.
    this.narrator.pause();
    this.shownAt = Date.now();
    this.showScreen(this.screen(), focus);
  }

  /** The screen for the learner's place, given what it shows. */
  private screen(): HTMLElement {
    const { course, state, t } = this;
    const p = state.place;
    switch (p.screen) {
      case 'survey':
        return surveyScreen(t, { survey: course.survey, answers: state.survey.answers, done: state.survey.done }, this);
      case 'lesson':
        return lessonScreen(
          t,
          { ...rules.slideAt(course, state, p), transcriptOpen: this.transcriptOpen, lang: course.lang, narration: state.narration, narrator: this.narrator },
          this,
        );
      case 'test':
        return this.testScreen();
      case 'results':
        return resultsScreen(t, rules.overview(course, state, this.mastery), this.adapter.connected, this);
      default:
        return titleScreen(
          t,
          {
            course,
            learnerName: this.session.launch.learnerName,
            started: state.survey.done || Object.keys(state.survey.answers).length > 0,
            connected: this.adapter.connected,
            lmsUnavailable: this.lmsUnavailable,
            reviewMode: this.session.launch.mode !== 'normal',
          },
          this,
        );
    }
  }

  /** The test's step: locked, its intro, a question, or the attempt's result. */
  private testScreen(): HTMLElement {
    const { course, state, t } = this;
    const s = state.test;
    if (!rules.testOpen(course, state)) return testLockedScreen(t);
    const passPercent = Math.round(rules.passThreshold(course, this.mastery) * 100);
    const attemptsLeft = rules.attemptsLeft(course, state);
    // No attempt yet, or the last one is over and its questions are not known (rebuilt from an
    // LMS that could not give them back): the next attempt is what there is to do.
    if (s.attempt === 0 || (s.done && !s.drawn.length && attemptsLeft > 0)) {
      const questions = Math.min(course.test.questionsPerAttempt, course.test.questions.length);
      return testIntroScreen(t, { questions, passPercent, attemptsLeft }, this);
    }
    if (s.done && !this.showingLastFeedback) {
      const score = s.scores[s.scores.length - 1] ?? s.best ?? 0;
      return attemptResultScreen(t, { score, passed: rules.passes(course, score, this.mastery), passPercent, attemptsLeft }, this);
    }
    const question = course.test.questions.find((q) => q.id === s.drawn[s.index])!;
    const given = s.answers[s.index];
    const answered = given ? { choiceIds: given, correct: rules.isCorrect(question, given) } : null;
    return questionScreen(t, { question, index: s.index, total: s.drawn.length, answered }, this);
  }

  private showScreen(screen: HTMLElement, focus: boolean): void {
    this.main.textContent = '';
    this.main.appendChild(screen);
    this.updateToc();
    if (focus) {
      const heading = this.main.querySelector<HTMLElement>('h1');
      heading?.setAttribute('tabindex', '-1');
      if (heading) focusQuietly(heading, true);
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

  /** Tells the learner what was rebuilt after the stored state could not be read, or that the course changed. */
  private showRecovery(): void {
    const r = this.session.recovered;
    if (!r && !this.session.courseUpdated) return;
    const t = this.t;
    const items = r
      ? [
          r.place ? t('recoveredPlace') : null,
          r.surveyAnswers ? t('recoveredSurvey', { count: r.surveyAnswers }) : r.surveyDone ? t('recoveredSurveyDone') : null,
          r.testAnswers ? t('recoveredTest', { count: r.testAnswers }) : null,
          r.best !== null ? t('recoveredScore', { score: r.best }) : null,
        ].filter((x): x is string => x !== null)
      : [];
    const notice: HTMLElement = h(
      'div',
      { class: 'notice recovery-notice', role: 'status' },
      h('p', null, r ? t('stateRecovered') : t('courseUpdated')),
      r ? h('ul', null, items.length ? items.map((i) => h('li', null, i)) : h('li', null, t('recoveredNothing'))) : null,
      h('button', { type: 'button', class: 'secondary', onclick: () => notice.remove() }, t('close')),
    );
    this.root.querySelector('.layout')?.before(notice);
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
    // page is hidden and end the session on `pagehide`. A hidden page may never run again (a
    // phone locks, the tab is discarded), so its commit happens before the handler returns:
    // blocking a page no one sees costs nothing.
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') this.narrator.pause();
      if (document.visibilityState === 'hidden' && !this.ended) {
        this.save();
        this.commit(false, true);
      }
    });
    window.addEventListener('pagehide', () => {
      this.narrator.pause();
      if (!this.ended) this.save();
      // After "exit" too: its end may still be under way, and this is its last chance.
      void this.adapter.finish(rules.exitKind(this.course, this.state, this.mastery), true);
      if (this.adapter.connected) this.ended = true;
    });
    window.addEventListener('pageshow', (e) => {
      // Back from the back/forward cache after the LMS session was ended: it cannot restart.
      if (e.persisted && this.ended) this.showFinished();
    });
  }

  private layout(): void {
    const t = this.t;
    // The save status is a bar at the foot of the window, not a line in the header: it comes and
    // goes (four lines on a phone when saving fails), and in the header it pushed the screen down
    // each time. It stays in the page when empty, so that screen readers hear it when it fills.
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
        focusQuietly(this.tocToggle);
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
        !this.adapter.connected ? h('p', { class: 'badge' }, t('standaloneBadge')) : null,
      ),
      h('div', { class: 'layout' }, this.toc, this.main),
      this.status,
    );
  }

  private setTocOpen(open: boolean): void {
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
    this.toc.appendChild(
      renderToc(this.t, { course: this.course, overview: rules.overview(this.course, this.state, this.mastery), place: this.state.place }, this),
    );
  }

  private showSaveStatus(s: SaveStatus): void {
    const text = this.status.textContent;
    if (s.state === 'refused' || this.refused) {
      // Every commit after a refused value says so again: part of the record is not in the LMS.
      this.refused = true;
      this.announceNextSave = false;
      clearTimeout(this.statusTimer);
      this.setStatus(this.t(s.state === 'refused' || s.state === 'saved' ? 'saveRefused' : s.state === 'retrying' ? 'saveRetrying' : 'saveFailed'), 'error');
    } else if (s.state === 'saved') {
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
