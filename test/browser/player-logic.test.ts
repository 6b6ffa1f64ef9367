/**
 * The player's logic without a browser: time formats, the learner state and its compact
 * encoding, the rules of progress, the local copy, and the SCORM 2004 adapter against
 * scorm-again's API in Node.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { Scorm2004API } from 'scorm-again';
import type { PlayerCourse } from '../../player/spec/course-data.ts';
import { UI_KEYS, labeller } from '../../player/labels.ts';
import { NO_RECORD, type InteractionRecord, type LaunchInfo, type LmsAdapter, type SaveStatus } from '../../player/lms/adapter.ts';
import { StandaloneAdapter } from '../../player/lms/standalone.ts';
import { isoDuration, isoTimestamp } from '../../player/lms/iso8601.ts';
import { Scorm2004Adapter, type Scorm2004Api } from '../../player/lms/scorm2004.ts';
import { toLocalizedString } from '../../player/spec/scorm2004.ts';
import * as rules from '../../player/rules.ts';
import { recoverState } from '../../player/recovery.ts';
import { Session } from '../../player/session.ts';
import { decodeState, encodeState, initialState, worstCaseState } from '../../player/state.ts';
import { fixtureCourse } from './dev-package.ts';
import { buildPackage } from './harness/package.ts';
import { MOODLE } from './harness/moodle.ts';

const course: PlayerCourse = fixtureCourse('ja');

describe('time formats', () => {
  it.each([
    [0, 'PT0S'],
    [4, 'PT0S'],
    [10, 'PT0.01S'],
    [3450, 'PT3.45S'],
    [3400, 'PT3.4S'],
    [60_000, 'PT1M'],
    [59_999, 'PT1M'],
    [3_600_000, 'PT1H'],
    [3_723_450, 'PT1H2M3.45S'],
    [90_061_000, 'PT25H1M1S'],
  ])('writes %d ms as %s', (ms, text) => {
    expect(isoDuration(ms)).toBe(text);
    expect(text).toMatch(MOODLE.timespan);
  });

  it('writes timestamps in UTC with two decimals, as Moodle and scorm-again both accept', () => {
    const text = isoTimestamp(Date.UTC(2026, 9, 1, 9, 30, 5, 204));
    expect(text).toBe('2026-10-01T09:30:05.20Z');
    expect(text).toMatch(MOODLE.time);
  });
});

describe('learner state', () => {
  it('round-trips through its compact encoding', () => {
    const s = initialState();
    s.counter = 12;
    s.place = { screen: 'lesson', lesson: 'typical_acts', slide: 'case_phone' };
    s.seen = { what_is: 4, typical_acts: 2 };
    s.survey = { done: true, answers: { aw_know_definition: 's4', fx_concerns: '電話が長い。"引用"\n改行' } };
    s.test = { attempt: 2, drawn: ['q_phone_01', 'q_measures_01'], answers: [['b'], ['a', 'b', 'd']], index: 1, done: true, scores: [60, 100], best: 100 };
    const text = encodeState(s);
    expect(decodeState(text, course)).toEqual(s);
    expect(text).toBe(
      '{"v":2,"c":12,"p":"lesson.typical_acts.case_phone","r":{"what_is":4,"typical_acts":2},' +
        '"s":{"d":1,"a":{"aw_know_definition":"s4","fx_concerns":"電話が長い。\\"引用\\"\\n改行"}},' +
        '"t":{"n":2,"q":["q_phone_01","q_measures_01"],"a":["b","a.b.d"],"i":1,"d":1,"h":[60,100],"b":100}}',
    );
  });

  it('drops what the course no longer has instead of trusting it', () => {
    const text = JSON.stringify({
      v: 1,
      c: 3,
      p: 'lesson.gone.x',
      r: { what_is: 99, gone: 3 },
      s: { a: { aw_know_definition: 's9', nope: 's1' } },
      t: { n: 2, q: ['q_phone_01', 'q_removed'], a: ['b'] },
    });
    const s = decodeState(text, course)!;
    expect(s.place).toEqual({ screen: 'title' });
    expect(s.seen).toEqual({ what_is: 4 });
    expect(s.survey.answers).toEqual({});
    // The unfinished attempt whose questions are gone restarts under the same number.
    expect(s.test).toMatchObject({ attempt: 1, drawn: [], answers: [], done: false });
  });

  it.each(['', 'not json', '{"v":3}', '{"v":0}', '{"v":1.5}', '{"c":4}', '[]', 'null'])('reads %j as no state', (text) => {
    expect(decodeState(text, course)).toBeNull();
  });

  it('reads a state of format 1 through its migration, the course version unknown', () => {
    const v1 = '{"v":1,"c":7,"p":"survey","s":{"a":{"aw_know_definition":"s2"}},"t":{"n":1,"q":["q_phone_01"],"a":["b"],"d":1,"h":[100],"b":100}}';
    const s = decodeState(v1, course)!;
    expect(s).toMatchObject({ counter: 7, place: { screen: 'survey' }, courseVersion: '' });
    expect(s.survey.answers).toEqual({ aw_know_definition: 's2' });
    expect(s.test).toMatchObject({ attempt: 1, drawn: ['q_phone_01'], done: true, best: 100 });
    // Written back in the current format, with the course version.
    s.courseVersion = course.version;
    expect(JSON.parse(encodeState(s))).toMatchObject({ v: 2, cv: course.version });
    expect(decodeState(encodeState(s), course)).toEqual(s);
  });

  it('fits SCORM 1.2 suspend_data (4,096 characters) in the worst case of the real course', async () => {
    const pkg = await buildPackage('ja');
    try {
      const worst = encodeState(worstCaseState(pkg.course));
      expect(worst.length).toBeLessThanOrEqual(MOODLE.suspendDataMax12);
      expect(decodeState(worst, pkg.course)).toEqual(worstCaseState(pkg.course));
    } finally {
      pkg.cleanup();
    }
  });
});

describe('rules', () => {
  const done = () => {
    const s = initialState();
    s.survey.done = true;
    for (const l of course.lessons) s.seen[l.id] = l.slides.length;
    return s;
  };

  it('opens the lessons after the survey and the test after every lesson', () => {
    const s = initialState();
    expect(rules.lessonsOpen(s)).toBe(false);
    s.survey.done = true;
    expect(rules.lessonsOpen(s)).toBe(true);
    expect(rules.testOpen(course, s)).toBe(false);
    expect(rules.testOpen(course, done())).toBe(true);
  });

  it('passes at exactly the passing score, and honours the LMS threshold over the course', () => {
    const s = done();
    s.test = { ...s.test, attempt: 1, done: true, best: 80, scores: [80] };
    expect(rules.passed(course, s, null)).toBe(true);
    expect(rules.passed(course, s, 0.85)).toBe(false);
    s.test.best = 79.99;
    expect(rules.passed(course, s, null)).toBe(false);
    expect(rules.passed(course, s, 0.5)).toBe(true);
  });

  it('exits "normal" only when finished and passed or out of attempts', () => {
    const s = done();
    expect(rules.exitKind(course, s, null)).toBe('suspend');
    s.test = { ...s.test, attempt: 1, done: true, best: 60, scores: [60] };
    expect(rules.exitKind(course, s, null)).toBe('suspend'); // failed, unlimited attempts
    const limited = { ...course, test: { ...course.test, maxAttempts: 1 } };
    expect(rules.exitKind(limited, s, null)).toBe('normal'); // failed, none left
    s.test.best = 100;
    expect(rules.exitKind(course, s, null)).toBe('normal');
  });

  it('measures progress from 0 to 1', () => {
    expect(rules.progress(course, initialState())).toBe(0);
    const s = done();
    expect(rules.progress(course, s)).toBeGreaterThan(0.5);
    expect(rules.progress(course, s)).toBeLessThan(1);
    s.test = { ...s.test, attempt: 1, done: true, best: 60, scores: [60] };
    expect(rules.progress(course, s)).toBe(1);
  });

  it('draws distinct questions from the bank', () => {
    const drawn = rules.drawQuestions(course);
    expect(drawn).toHaveLength(course.test.questionsPerAttempt);
    expect(new Set(drawn).size).toBe(drawn.length);
    for (const id of drawn) expect(course.test.questions.map((q) => q.id)).toContain(id);
  });
});

/** A seeded random (mulberry32): the same attempts on every run, and not a rigged sequence. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('the draw of an attempt', () => {
  // The fixture's bank: five questions of what_is, three of typical_acts; five per attempt.
  const lessonOf = new Map(course.test.questions.map((q) => [q.id, q.lessonId]));
  const perLesson = (ids: string[]) => {
    const n: Record<string, number> = {};
    for (const id of ids) n[String(lessonOf.get(id))] = (n[String(lessonOf.get(id))] ?? 0) + 1;
    return n;
  };
  const planned: PlayerCourse = { ...course, test: { ...course.test, questionsPerAttempt: 5, draw: { what_is: 3, typical_acts: 2 } } };
  const attempts = (c: PlayerCourse, n: number) => {
    const random = seeded(13);
    return Array.from({ length: n }, () => rules.drawQuestions(c, random));
  };

  it('without a plan draws from the whole bank, so some attempt skips a lesson', () => {
    expect(course.test.draw ?? null).toBeNull();
    const drawn = attempts(course, 500);
    for (const ids of drawn) {
      expect(ids).toHaveLength(5);
      expect(new Set(ids).size).toBe(5);
    }
    expect(drawn.some((ids) => !perLesson(ids)['typical_acts'])).toBe(true);
    // The old draw, unchanged: a random that never swaps keeps the bank's order.
    expect(rules.drawQuestions(course, () => 0)).toEqual(course.test.questions.slice(0, 5).map((q) => q.id));
  });

  it('with a plan gives every attempt exactly the planned number of each lesson, mixed, and in time every question', () => {
    const drawn = attempts(planned, 500);
    for (const ids of drawn) {
      expect(perLesson(ids)).toEqual({ what_is: 3, typical_acts: 2 });
      expect(new Set(ids).size).toBe(5);
    }
    expect(new Set(drawn.flat())).toEqual(new Set(course.test.questions.map((q) => q.id)));
    // The lessons are not served one after the other.
    expect(new Set(drawn.map((ids) => String(lessonOf.get(ids[0]!)))).size).toBe(2);
  });

  it('with a plan never draws a question of no lesson in the plan', () => {
    const loose = { ...course.test.questions[0]!, id: 'q_loose', lessonId: null };
    const withLoose: PlayerCourse = { ...planned, test: { ...planned.test, questions: [...planned.test.questions, loose] } };
    expect(attempts(withLoose, 200).flat()).not.toContain('q_loose');
  });

  it('completes an interrupted attempt by the plan, keeping the questions already shown first', () => {
    const random = seeded(7);
    for (let i = 0; i < 100; i++) {
      const ids = rules.drawQuestions(planned, random, ['q_phone_01', 'q_sns_01', 'q_law_date_01']);
      expect(ids.slice(0, 3)).toEqual(['q_phone_01', 'q_sns_01', 'q_law_date_01']);
      expect(perLesson(ids)).toEqual({ what_is: 3, typical_acts: 2 });
      expect(new Set(ids).size).toBe(5);
    }
  });
});

describe('interface labels', () => {
  const ui = parse(readFileSync(join(__dirname, '../../content/ui.yaml'), 'utf8')) as Record<string, Record<string, string>>;

  it.each(['ja', 'en'])('ui.yaml has every label the player uses in %s', (lang) => {
    const missing = UI_KEYS.filter((k) => !ui[k]?.[lang]);
    expect(missing).toEqual([]);
  });

  it('fills {tokens} and leaves unknown ones visible', () => {
    const t = labeller({ slideOf: 'Slide {n} of {total} {x}' });
    expect(t('slideOf', { n: 2, total: 7 })).toBe('Slide 2 of 7 {x}');
  });
});

describe('localized strings for the LMS', () => {
  it('flattens line breaks and never starts with "{"', () => {
    expect(toLocalizedString('一行目\n\n二行目\r\n三', 250)).toBe('一行目 二行目 三');
    expect(toLocalizedString('{lang=x} text', 250)).toBe(' {lang=x} text');
    expect(toLocalizedString('あ'.repeat(300), 250)).toHaveLength(250);
  });
});

function scormAgain() {
  const errors: string[] = [];
  const api = new Scorm2004API({ autocommit: false, lmsCommitUrl: false, logLevel: 4, onLogMessage: (_l: number, m: string) => errors.push(m) });
  return { api: api as unknown as Scorm2004Api & { renderCMIToJSONObject(): any; loadFromJSON(json: object, element: string): void }, errors };
}

const record = (over: Partial<InteractionRecord> = {}): InteractionRecord => ({
  id: 'test.a1.q_phone_01',
  kind: 'choice',
  description: '同じ苦情で毎日2時間を超える電話が続いています。',
  response: ['b'],
  correct: ['b'],
  result: 'correct',
  weighting: 1,
  answeredAt: Date.UTC(2026, 9, 1, 9, 0, 0),
  latencyMs: 12_340,
  ...over,
});

describe('SCORM 2004 adapter against scorm-again', () => {
  it('writes every value in a form scorm-again accepts', async () => {
    const { api, errors } = scormAgain();
    const lms = new Scorm2004Adapter(api);
    const launch = await lms.start();
    expect(launch).toMatchObject({ entry: 'new', bookmark: '', state: '', masteryScore: null, mode: 'normal' });
    lms.saveProgress({ bookmark: 'lesson.what_is.elements', state: '{"v":1}', progress: 1 / 3, exit: 'suspend' });
    lms.recordInteraction(record({ kind: 'choice', response: ['a', 'd'], correct: ['a', 'b', 'd'], result: 'incorrect' }));
    lms.recordInteraction(record({ id: 'test.a1.q_law_date_01', kind: 'true-false', response: ['true'], correct: ['true'] }));
    lms.recordInteraction(record({ id: 'survey.aw_x', kind: 'likert', response: ['s4'], correct: undefined, result: 'neutral' }));
    lms.recordInteraction(record({ id: 'survey.fx_a', kind: 'fill-in', response: ['{改行}\nあり [,] 区切り'], correct: undefined, result: 'neutral' }));
    lms.recordInteraction(record({ id: 'survey.fx_b', kind: 'long-fill-in', response: [], correct: undefined, result: 'neutral' }));
    lms.reportResult({ scorePercent: 66.666, passed: false });
    lms.markCompleted();
    expect(await lms.commit()).toBe(true);
    await lms.finish('suspend', true);
    expect(errors).toEqual([]);
    const cmi = api.renderCMIToJSONObject().cmi;
    expect(cmi.progress_measure).toBe('0.3333333');
    expect(cmi.score).toEqual({ raw: '66.67', min: '0', max: '100', scaled: '0.6667' });
    expect(cmi.success_status).toBe('failed');
    expect(cmi.completion_status).toBe('completed');
    expect(cmi.exit).toBe('suspend');
    expect(cmi.interactions['0']).toMatchObject({ learner_response: 'a[,]d', result: 'incorrect', latency: 'PT12.34S', timestamp: '2026-10-01T09:00:00.00Z' });
    expect(cmi.interactions['0'].correct_responses['0'].pattern).toBe('a[,]b[,]d');
    expect(cmi.interactions['1']).toMatchObject({ type: 'true-false', learner_response: 'true' });
    expect(cmi.interactions['3'].learner_response).toBe(' {改行} あり [ ,] 区切り');
    expect(cmi.interactions['4'].learner_response).toBe('');
  });

  it('appends after the interactions an earlier session stored', async () => {
    const { api } = scormAgain();
    api.loadFromJSON({ entry: 'resume', location: 'survey', suspend_data: '{"v":1,"c":4}', interactions: { '0': { id: 'survey.aw_x', type: 'likert', learner_response: 's2', result: 'neutral' } } } as never, 'cmi');
    const lms = new Scorm2004Adapter(api);
    const launch = await lms.start();
    expect(launch).toMatchObject({ entry: 'resume', bookmark: 'survey', state: '{"v":1,"c":4}' });
    lms.recordInteraction(record());
    expect(await lms.commit()).toBe(true);
    const cmi = api.renderCMIToJSONObject().cmi;
    expect(cmi.interactions['0'].id).toBe('survey.aw_x');
    expect(cmi.interactions['1'].id).toBe('test.a1.q_phone_01');
  });

  it('queues writes the LMS refuses for a passing reason and replays them in order on retry', async () => {
    vi.useFakeTimers();
    try {
      const { api } = scormAgain();
      let down = false;
      const flaky: Scorm2004Api = {
        Initialize: () => api.Initialize(''),
        Terminate: () => api.Terminate(''),
        GetValue: (e) => api.GetValue(e),
        SetValue: (e, v) => (down ? 'false' : api.SetValue(e, v)),
        Commit: () => (down ? 'false' : api.Commit('')),
        GetLastError: () => (down ? '101' : api.GetLastError()),
        GetErrorString: (c) => api.GetErrorString(c),
        GetDiagnostic: (c) => api.GetDiagnostic(c),
      };
      const lms = new Scorm2004Adapter(flaky);
      const statuses: string[] = [];
      lms.onSaveStatus((s) => statuses.push(s.state));
      await lms.start();
      down = true;
      lms.recordInteraction(record());
      expect(await lms.commit()).toBe(false);
      expect(statuses.at(-1)).toBe('retrying');
      down = false;
      await vi.advanceTimersByTimeAsync(1100);
      await vi.waitFor(() => expect(statuses.at(-1)).toBe('saved'));
      const i = api.renderCMIToJSONObject().cmi.interactions['0'];
      expect(i).toMatchObject({ id: 'test.a1.q_phone_01', type: 'choice', learner_response: 'b', result: 'correct' });
    } finally {
      vi.useRealTimers();
    }
  });

  it('reads the passing threshold and mode the LMS sets', async () => {
    const { api } = scormAgain();
    api.loadFromJSON({ scaled_passing_score: '0.9', mode: 'review', learner_name: 'Yamada, Hanako' } as never, 'cmi');
    const launch = await new Scorm2004Adapter(api).start();
    expect(launch).toMatchObject({ masteryScore: 0.9, mode: 'review', learnerName: 'Yamada, Hanako' });
  });
});

/** An LMS that remembers what it was given, for the local-copy rules; `accepts` false: every commit fails. */
function fakeLms(launch: Partial<LaunchInfo> = {}, accepts = true): LmsAdapter & { recorded: InteractionRecord[] } {
  const recorded: InteractionRecord[] = [];
  const listeners: ((s: SaveStatus) => void)[] = [];
  return {
    standard: 'scorm2004',
    connected: true,
    recorded,
    start: async () => ({ entry: 'new', bookmark: '', state: '', masteryScore: null, mode: 'normal', learnerId: 'u1', learnerName: '', record: NO_RECORD, ...launch }),
    saveProgress: () => {},
    recordInteraction: (r) => void recorded.push(r),
    reportResult: () => {},
    markCompleted: () => {},
    commit: async () => {
      for (const l of listeners) l({ state: accepts ? 'saved' : 'retrying' });
      return accepts;
    },
    finish: async () => {},
    storedInteractions: async () => null,
    onSaveStatus: (l) => void listeners.push(l),
  };
}

function memoryStorage(): Storage {
  const m = new Map<string, string>();
  return {
    get length() {
      return m.size;
    },
    clear: () => m.clear(),
    getItem: (k) => m.get(k) ?? null,
    key: (i) => [...m.keys()][i] ?? null,
    removeItem: (k) => void m.delete(k),
    setItem: (k, v) => void m.set(k, v),
  };
}

describe('local copy', () => {
  const at = (counter: number) => encodeState({ ...initialState(), counter });

  it('wins over an older LMS copy and sends the answers the LMS never committed', async () => {
    const storage = memoryStorage();
    const first = await Session.open(course, fakeLms({ state: at(3) }, false), storage);
    first.state.survey.done = true;
    first.record(record({ id: 'survey.aw_know_definition', kind: 'likert', response: ['s4'] }));
    first.save({ bookmark: 'survey', progress: 0.2, exit: 'suspend' });
    expect(await first.commit()).toBe(false);

    // The LMS still holds what it held when the first session began: it lost that session's commits.
    const lms = fakeLms({ entry: 'resume', state: at(3) });
    const second = await Session.open(course, lms, storage);
    expect(second.state.survey.done).toBe(true);
    expect(lms.recorded.map((r) => r.id)).toEqual(['survey.aw_know_definition']);
  });

  it('loses to an LMS copy written elsewhere since this browser last saw the LMS, even an older-looking one', async () => {
    const storage = memoryStorage();
    const first = await Session.open(course, fakeLms({ state: at(3) }, false), storage);
    for (let i = 0; i < 20; i++) first.save({ bookmark: 'survey', progress: 0.1, exit: 'suspend' });
    // Another device went on from counter 3 to 10 and committed.
    const lms = fakeLms({ entry: 'resume', state: encodeState({ ...initialState(), counter: 10, place: { screen: 'results' } }) });
    const second = await Session.open(course, lms, storage);
    expect(second.state.place).toEqual({ screen: 'results' });
  });

  it('is found by the next launch after one that could not learn the learner (no API, Initialize refused), and its answers sent', async () => {
    const storage = memoryStorage();
    const anonymous = await Session.open(course, new StandaloneAdapter(), storage, '/pkg/index.html');
    anonymous.state.survey.done = true;
    anonymous.record(record({ id: 'survey.aw_know_definition', kind: 'likert', response: ['s4'] }));
    anonymous.save({ bookmark: 'survey', progress: 0.2, exit: 'suspend' });
    expect(await anonymous.commit()).toBe(true); // nothing to confirm it: the answers stay

    const lms = fakeLms({ learnerId: 'u1' });
    const next = await Session.open(course, lms, storage, '/pkg/index.html');
    expect(next.state.survey.done).toBe(true);
    expect(lms.recorded.map((r) => r.id)).toEqual(['survey.aw_know_definition']);
    // Once the LMS confirms them, they are not sent again.
    await next.commit();
    const third = fakeLms({ learnerId: 'u1', state: at(1) });
    await Session.open(course, third, storage, '/pkg/index.html');
    expect(third.recorded).toEqual([]);
  });

  it("is not another learner's", async () => {
    const storage = memoryStorage();
    const first = await Session.open(course, fakeLms({ learnerId: 'u1' }), storage);
    first.state.survey.done = true;
    first.save({ bookmark: 'survey', progress: 0.2, exit: 'suspend' });
    const second = await Session.open(course, fakeLms({ learnerId: 'u2' }), storage);
    expect(second.state.survey.done).toBe(false);
  });

  it('loses to a newer LMS copy', async () => {
    const storage = memoryStorage();
    const first = await Session.open(course, fakeLms(), storage);
    first.save({ bookmark: 'title', progress: 0, exit: 'suspend' });
    const newer = { ...initialState(), counter: 50, place: { screen: 'survey' as const } };
    const lms = fakeLms({ entry: 'resume', state: encodeState(newer) });
    const second = await Session.open(course, lms, storage);
    expect(second.state.place).toEqual({ screen: 'survey' });
    expect(lms.recorded).toEqual([]);
  });

  it('is ignored when the course was finished and the LMS starts a new attempt', async () => {
    const storage = memoryStorage();
    const first = await Session.open(course, fakeLms(), storage);
    first.state.finished = true;
    first.state.survey.done = true;
    first.save({ bookmark: 'results', progress: 1, exit: 'normal' });
    await first.commit();
    const second = await Session.open(course, fakeLms(), storage);
    expect(second.state.survey.done).toBe(false);
  });
});

describe('the learner state rebuilt from the LMS when suspend_data is unreadable', () => {
  const launch = (over: Partial<LaunchInfo> = {}): LaunchInfo => ({
    entry: 'resume',
    bookmark: '',
    state: '\u0007garbage',
    masteryScore: null,
    mode: 'normal',
    learnerId: 'u1',
    learnerName: '',
    record: NO_RECORD,
    ...over,
  });
  const survey = [
    { id: 'survey.aw_know_definition', response: 's4' },
    { id: 'survey.aw_know_law', response: 's2' },
    { id: 'survey.aw_exp_witnessed', response: 's1' },
    { id: 'survey.aw_desk_known', response: 's5' },
    { id: 'survey.fx_concerns', response: '電話が長い。' },
    { id: 'survey.fx_wishes', response: '' },
  ];

  it('reads the survey answers and the attempt so far back from SCORM 2004 interactions, and goes on with that attempt', () => {
    const stored = [...survey, { id: 'test.a1.q_phone_01', response: 'b' }, { id: 'test.a1.q_measures_01', response: 'a[,]b[,]d' }];
    const { state, recovered } = recoverState(course, launch({ bookmark: 'test', record: { ...NO_RECORD, interactionCount: 8 } }), stored, () => 0);
    expect(state.survey).toEqual({ done: true, answers: { aw_know_definition: 's4', aw_know_law: 's2', aw_exp_witnessed: 's1', aw_desk_known: 's5', fx_concerns: '電話が長い。' } });
    expect(state.seen).toEqual({ what_is: 4, typical_acts: 4 });
    expect(state.place).toEqual({ screen: 'test' });
    expect(state.test).toMatchObject({ attempt: 1, answers: [['b'], ['a', 'b', 'd']], index: 2, done: false, best: null });
    // The questions not shown yet are drawn anew, none of them twice.
    expect(state.test.drawn.slice(0, 2)).toEqual(['q_phone_01', 'q_measures_01']);
    expect(new Set(state.test.drawn).size).toBe(course.test.questionsPerAttempt);
    expect(recovered).toEqual({ place: true, surveyAnswers: 5, surveyDone: false, testAnswers: 2, best: null });
  });

  it('reads "don\'t know" and a select-all answer back, and leaves out what the items do not offer', () => {
    const withChoices: PlayerCourse = {
      ...course,
      survey: {
        ...course.survey,
        scales: [...course.survey.scales, { id: 'yesno', points: [{ id: 'n', label: 'いいえ' }, { id: 'y', label: 'はい' }] }],
        items: [
          ...course.survey.items,
          { id: 'aw_policy', type: 'likert', theme: 'workplace', text: '方針がある', required: true, scale: 'yesno', dontKnow: true, good: 'high' },
          { id: 'seg_channel', type: 'choice', theme: null, text: '方法', required: false, options: [{ id: 'counter', label: '窓口' }, { id: 'phone', label: '電話' }, { id: 'online', label: 'オンライン' }], multiple: true, segment: true },
          { id: 'seg_contact', type: 'choice', theme: null, text: '頻度', required: false, options: [{ id: 'daily', label: '毎日' }, { id: 'weekly', label: '毎週' }], multiple: false, segment: true },
        ],
      },
    };
    const stored = [
      ...survey,
      { id: 'survey.aw_policy', response: 'dk' },
      { id: 'survey.seg_channel', response: 'online[,]counter' },
      // Two options for a single choice: not an answer this item can have.
      { id: 'survey.seg_contact', response: 'daily[,]weekly' },
    ];
    const { state } = recoverState(withChoices, launch({ bookmark: 'lesson.what_is.elements', record: { ...NO_RECORD, interactionCount: 9 } }), stored);
    expect(state.survey.answers).toMatchObject({ aw_policy: 'dk', seg_channel: ['counter', 'online'] });
    expect(state.survey.answers).not.toHaveProperty('seg_contact');
    expect(state.survey.done).toBe(true);
  });

  it('scores finished attempts and keeps the higher score the LMS holds', () => {
    const attempt = ['q_definition_01', 'q_law_date_01', 'q_complaint_01', 'q_penalty_01', 'q_kinds_01'];
    const answers = ['c', 'true', 'b', 'false', 'true']; // one wrong: 80
    const stored = [...survey, ...attempt.map((q, i) => ({ id: `test.a1.${q}`, response: answers[i]! }))];
    const { state } = recoverState(course, launch({ bookmark: 'results', record: { ...NO_RECORD, scorePercent: 90, passed: true, interactionCount: 11 } }), stored);
    expect(state.test).toMatchObject({ attempt: 1, drawn: attempt, done: true, scores: [80], best: 90 });
    expect(state.place).toEqual({ screen: 'results' });
  });

  it('in SCORM 1.2, knows from the number of records that the survey was submitted and an attempt begun, and starts the next one', () => {
    const { state, recovered } = recoverState(course, launch({ bookmark: 'test', record: { ...NO_RECORD, interactionCount: 6 + 3 } }), null);
    expect(state.survey.done).toBe(true);
    expect(state.test).toMatchObject({ attempt: 1, drawn: [], done: true, best: null });
    expect(rules.attemptsTaken(state)).toBe(1);
    // Begun is not taken: without a score the course is not completed.
    expect(rules.completed(course, state)).toBe(false);
    expect(recovered).toEqual({ place: true, surveyAnswers: 0, surveyDone: true, testAnswers: 0, best: null });
    // Saved and read back, the attempt stays over.
    expect(decodeState(encodeState(state), course)?.test).toEqual(state.test);
  });

  it('counts the slides SCORM 2004 progress says were seen, in course order, and never opens the test early', () => {
    const units = rules.progressUnits(course);
    const progress = (6 + 5) / units.all; // the survey and five slides
    const { state } = recoverState(course, launch({ bookmark: 'lesson.typical_acts.kinds', record: { ...NO_RECORD, progress, interactionCount: 6 } }), survey);
    expect(state.seen).toEqual({ what_is: 4, typical_acts: 1 });
    expect(rules.progress(course, state)).toBeCloseTo(progress, 7);
    expect(rules.testOpen(course, state)).toBe(false);
    expect(state.place).toEqual({ screen: 'lesson', lesson: 'typical_acts', slide: 'kinds' });
  });

  it('goes on with an attempt by the draw plan: the questions not shown yet keep each lesson to its number', () => {
    const planned: PlayerCourse = { ...course, test: { ...course.test, draw: { what_is: 3, typical_acts: 2 } } };
    // Two of what_is shown: a draw from the rest of the bank in its order would add three more.
    const stored = [...survey, { id: 'test.a1.q_definition_01', response: 'c' }, { id: 'test.a1.q_law_date_01', response: 'true' }];
    const { state } = recoverState(planned, launch({ bookmark: 'test', record: { ...NO_RECORD, interactionCount: 8 } }), stored, () => 0.999);
    expect(state.test).toMatchObject({ attempt: 1, index: 2, done: false });
    expect(state.test.drawn.slice(0, 2)).toEqual(['q_definition_01', 'q_law_date_01']);
    const lessons = state.test.drawn.map((id) => course.test.questions.find((q) => q.id === id)!.lessonId);
    expect(lessons.filter((l) => l === 'typical_acts')).toHaveLength(2);
    expect(lessons.filter((l) => l === 'what_is')).toHaveLength(3);
  });

  it('starts at the title when the LMS holds nothing to go on', () => {
    const { state, recovered } = recoverState(course, launch(), null);
    expect(state).toEqual({ ...initialState() });
    expect(recovered).toEqual({ place: false, surveyAnswers: 0, surveyDone: false, testAnswers: 0, best: null });
  });
});
