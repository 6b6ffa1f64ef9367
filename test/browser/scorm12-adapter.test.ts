/**
 * The SCORM 1.2 adapter without a browser: its formats, its mapping of the course's terms onto
 * 1.2's vocabulary, and its behaviour against scorm-again's Scorm12API in Node.
 */
import { describe, expect, it, vi } from 'vitest';
import { Scorm12API } from 'scorm-again';
import type { InteractionRecord } from '../../player/lms/adapter.ts';
import { Scorm12Adapter, type Scorm12Api } from '../../player/lms/scorm12.ts';
import { cmiTime, cmiTimespan, surveyChars, toFeedback, toIdentifier12 } from '../../player/spec/scorm12.ts';
import { SCORM12_RULES as R, sentValueProblems } from './harness/scorm12.ts';

const SCALE = ['s1', 's2', 's3', 's4', 's5'];

/** scorm-again as the LMS, collecting every error it logs and every call it refuses. */
function scormAgain(cmi?: Record<string, unknown>) {
  const errors: string[] = [];
  const api = new Scorm12API({ autocommit: false, lmsCommitUrl: false, logLevel: 4, onLogMessage: (level: number, msg: string) => void (level >= 4 && errors.push(msg)) } as never);
  if (cmi) api.loadFromJSON(cmi as never, 'cmi');
  const refused: string[] = [];
  const sent: [string, string, string, string][] = [];
  const checked: Scorm12Api = {
    LMSInitialize: () => api.LMSInitialize(),
    LMSFinish: () => api.LMSFinish(),
    LMSGetValue: (e) => api.LMSGetValue(e),
    LMSSetValue: (e, v) => {
      const r = api.LMSSetValue(e, v);
      sent.push(['LMSSetValue', e, v, String(r)]);
      if (String(r) !== 'true') refused.push(`${e}=${v}: ${api.LMSGetLastError()}`);
      return r;
    },
    LMSCommit: () => api.LMSCommit(),
    LMSGetLastError: () => api.LMSGetLastError(),
    LMSGetErrorString: (c) => api.LMSGetErrorString(c),
    LMSGetDiagnostic: (c) => api.LMSGetDiagnostic(c),
  };
  return { api, checked, errors, refused, sent, cmi: () => api.renderCMIToJSONObject().cmi as Record<string, any> };
}

const record = (over: Partial<InteractionRecord> = {}): InteractionRecord => ({
  id: 'test.a1.q_phone_01',
  kind: 'choice',
  description: 'ignored by 1.2',
  response: ['b'],
  correct: ['b'],
  result: 'correct',
  weighting: 1,
  answeredAt: new Date(2026, 9, 1, 9, 5, 7, 450).getTime(),
  latencyMs: 12_345,
  ...over,
});

describe('SCORM 1.2 formats', () => {
  it.each([
    [0, '00:00:00.00'],
    [4, '00:00:00.00'],
    [5, '00:00:00.01'],
    [1_500, '00:00:01.50'],
    [65_250, '00:01:05.25'],
    [3_600_000 * 100 + 1, '100:00:00.00'],
    [3_600_000 * 20_000, '9999:59:59.99'],
    [-10, '00:00:00.00'],
  ])('writes %i ms as CMITimespan %s, always with two decimals', (ms, text) => {
    expect(cmiTimespan(ms)).toBe(text);
    expect(text).toMatch(R.timespan);
  });

  it('writes CMITime as the local time of day, whole seconds', () => {
    expect(cmiTime(new Date(2026, 9, 1, 9, 5, 7, 990).getTime())).toBe('09:05:07');
    expect(cmiTime(new Date(2026, 9, 1, 23, 59, 59).getTime())).toMatch(R.time);
  });

  it.each([
    ['survey.aw_exp_witnessed', 'survey-aw_exp_witnessed'],
    ['test.a12.q_law_date_01', 'test-a12-q_law_date_01'],
    ['テスト', '___'],
    ['', 'x'],
    ['a'.repeat(300), 'a'.repeat(255)],
  ])('makes %j the CMIIdentifier %j', (id, expected) => {
    expect(toIdentifier12(id)).toBe(expected);
    expect(expected).toMatch(R.identifierStrict);
  });

  it('cuts free text to 255 characters on purpose, marked with "…", never splitting a character', () => {
    expect(toFeedback('一行目\n\n 二行目  ')).toBe('一行目 二行目');
    const long = 'あ'.repeat(300);
    expect(toFeedback(long)).toBe('あ'.repeat(254) + '…');
    expect(toFeedback(long)).toHaveLength(R.feedbackMax);
    expect(toFeedback('あ'.repeat(255))).toBe('あ'.repeat(255));
    // An emoji (two UTF-16 units) across the cut goes whole.
    const emoji = 'a'.repeat(253) + '😀' + 'b';
    expect(toFeedback(emoji)).toBe('a'.repeat(253) + '…');
    expect(toFeedback(emoji).length).toBeLessThanOrEqual(R.feedbackMax);
  });

  it('sends a Likert point as its position on its own scale, and "don\'t know" as 0', () => {
    const chars = (kind: 'likert' | 'choice', ids: string[]) => ids.map((id) => surveyChars(kind, ids).get(id)).join('');
    expect(chars('likert', SCALE)).toBe('12345');
    expect(chars('likert', ['f1', 'f2', 'f3', 'f4'])).toBe('1234');
    expect(chars('likert', ['n', 'y', 'dk'])).toBe('120');
    // Ten points and more count from 0; "don't know" takes the next character.
    const eleven = Array.from({ length: 11 }, (_, i) => `p${i}`);
    expect(chars('likert', eleven)).toBe('0123456789a');
    expect(chars('likert', [...eleven, 'dk'])).toBe('0123456789ab');
    expect(surveyChars('likert', SCALE).get('s9')).toBeUndefined();
  });

  it('sends a survey choice item\'s options as letters by their place, 36 at most', () => {
    expect([...surveyChars('choice', ['daily', 'weekly', 'monthly', 'rarely']).values()].join('')).toBe('abcd');
    const many = Array.from({ length: 40 }, (_, i) => `o${i}`);
    const chars = surveyChars('choice', many);
    expect(chars.size).toBe(36);
    expect([...chars.values()].join('')).toBe('abcdefghijklmnopqrstuvwxyz0123456789');
  });
});

describe('SCORM 1.2 adapter against scorm-again', () => {
  it('writes every value in 1.2 terms, and scorm-again refuses none', async () => {
    const lms = scormAgain();
    const adapter = new Scorm12Adapter(lms.checked, { now: () => 1_000 });
    const launch = await adapter.start();
    expect(launch).toMatchObject({ entry: 'new', bookmark: '', state: '', masteryScore: null, mode: 'normal' });
    expect(await adapter.commit()).toBe(true); // values go out with a commit
    expect(lms.cmi().core.lesson_status).toBe('incomplete');
    adapter.saveProgress({ bookmark: 'lesson.what_is.elements', state: '{"v":1}', progress: 0.5, exit: 'suspend' });
    adapter.recordInteraction(record({ response: ['a', 'd'], correct: ['a', 'b', 'd'], result: 'incorrect' }));
    adapter.recordInteraction(record({ id: 'test.a1.q_law_date_01', kind: 'true-false', response: ['false'], correct: ['true'], result: 'incorrect' }));
    adapter.recordInteraction(record({ id: 'survey.aw_x', kind: 'likert', response: ['s4'], options: SCALE, correct: undefined, result: 'neutral' }));
    adapter.recordInteraction(record({ id: 'survey.fx_a', kind: 'long-fill-in', response: ['長い'.repeat(200)], correct: undefined, result: 'neutral' }));
    adapter.recordInteraction(record({ id: 'survey.fx_b', kind: 'fill-in', response: [], correct: undefined, result: 'neutral' }));
    adapter.recordInteraction(record({ id: 'survey.aw_dk', kind: 'likert', response: ['dk'], options: ['n', 'y', 'dk'], correct: undefined, result: 'neutral' }));
    adapter.recordInteraction(record({ id: 'survey.seg_channel', kind: 'choice', response: ['phone', 'visits'], options: ['counter', 'phone', 'online', 'visits'], correct: undefined, result: 'neutral' }));
    adapter.reportResult({ scorePercent: 66.666, passed: false });
    adapter.markCompleted();
    expect(await adapter.commit()).toBe(true);
    await adapter.finish('suspend', true);
    expect(lms.refused).toEqual([]);
    expect(lms.errors).toEqual([]);
    expect(sentValueProblems(lms.sent)).toEqual([]);

    const cmi = lms.cmi();
    expect(cmi.core).toMatchObject({ lesson_location: 'lesson.what_is.elements', lesson_status: 'failed', exit: 'suspend' });
    expect(cmi.core.score).toEqual({ raw: '66.67', min: '0', max: '100' });
    expect(cmi.suspend_data).toBe('{"v":1}');
    const [choice, tf, likert, long, empty, dk, segment] = [0, 1, 2, 3, 4, 5, 6].map((n) => cmi.interactions[String(n)]);
    expect(choice).toMatchObject({ id: 'test-a1-q_phone_01', type: 'choice', student_response: 'a,d', result: 'wrong', weighting: '1', time: '09:05:07', latency: '00:00:12.35' });
    expect(choice.correct_responses['0'].pattern).toBe('a,b,d');
    expect(tf).toMatchObject({ type: 'true-false', student_response: 'f', result: 'wrong' });
    expect(tf.correct_responses['0'].pattern).toBe('t');
    expect(likert).toMatchObject({ id: 'survey-aw_x', type: 'likert', student_response: '4', result: 'neutral' });
    expect(likert.correct_responses).toEqual({});
    expect(long).toMatchObject({ type: 'fill-in', student_response: '長い'.repeat(127) + '…' });
    expect(long.student_response).toHaveLength(R.feedbackMax);
    expect(empty).toMatchObject({ type: 'fill-in', student_response: '' });
    expect(dk).toMatchObject({ id: 'survey-aw_dk', type: 'likert', student_response: '0', result: 'neutral' });
    expect(segment).toMatchObject({ id: 'survey-seg_channel', type: 'choice', student_response: 'b,d', result: 'neutral' });
    expect(segment.correct_responses).toEqual({});
  });

  it('reports passed, never lowers it to completed, and exits "" when finished', async () => {
    const lms = scormAgain();
    const adapter = new Scorm12Adapter(lms.checked);
    await adapter.start();
    adapter.reportResult({ scorePercent: 100, passed: true });
    adapter.markCompleted();
    await adapter.finish('normal', false);
    expect(lms.cmi().core).toMatchObject({ lesson_status: 'passed', exit: '' });
    expect(lms.cmi().core.score.raw).toBe('100');
    expect(lms.refused).toEqual([]);
    expect(sentValueProblems(lms.sent)).toEqual([]);
  });

  it('reports completed when there is no test result, and keeps a result from an earlier session', async () => {
    const lms = scormAgain();
    const adapter = new Scorm12Adapter(lms.checked);
    await adapter.start();
    adapter.markCompleted();
    expect(await adapter.commit()).toBe(true);
    expect(lms.cmi().core.lesson_status).toBe('completed');

    const again = scormAgain({ core: { entry: 'resume', lesson_status: 'failed' } });
    const adapter2 = new Scorm12Adapter(again.checked);
    await adapter2.start();
    adapter2.markCompleted();
    expect(await adapter2.commit()).toBe(true);
    expect(again.cmi().core.lesson_status).toBe('failed');
    expect(again.refused).toEqual([]);
  });

  it('reads the mastery score, mode, learner and bookmark the LMS sets, and appends after stored interactions', async () => {
    const lms = scormAgain({
      core: { entry: 'resume', lesson_location: 'survey', student_id: 'u42', student_name: 'Yamada, Hanako', lesson_status: 'incomplete' },
      suspend_data: '{"v":1,"c":4}',
      student_data: { mastery_score: '90' },
      interactions: { '0': { id: 'survey-aw_x', type: 'likert', student_response: '2', result: 'neutral' } },
    });
    const adapter = new Scorm12Adapter(lms.checked);
    const launch = await adapter.start();
    expect(launch).toEqual({
      entry: 'resume',
      bookmark: 'survey',
      state: '{"v":1,"c":4}',
      masteryScore: 0.9,
      mode: 'normal',
      learnerId: 'u42',
      learnerName: 'Yamada, Hanako',
      record: { progress: null, scorePercent: null, passed: false, interactionCount: 1 },
    });
    expect(await adapter.storedInteractions()).toBeNull(); // write-only in 1.2
    adapter.recordInteraction(record());
    expect(await adapter.commit()).toBe(true);
    expect(lms.cmi().interactions['0'].id).toBe('survey-aw_x');
    expect(lms.cmi().interactions['1'].id).toBe('test-a1-q_phone_01');
  });

  it('records nothing in review mode and marks a browse launch "browsed"', async () => {
    const review = scormAgain({ core: { lesson_mode: 'review', lesson_status: 'passed' } });
    const a = new Scorm12Adapter(review.checked);
    expect((await a.start()).mode).toBe('review');
    a.recordInteraction(record());
    a.reportResult({ scorePercent: 0, passed: false });
    await a.finish('normal', true);
    expect(review.cmi().core.lesson_status).toBe('passed');
    expect(Object.keys(review.cmi().interactions).filter((k) => /^\d+$/.test(k))).toEqual([]);

    const browse = scormAgain({ core: { lesson_mode: 'browse' } });
    const b = new Scorm12Adapter(browse.checked);
    await b.start();
    expect(await b.commit()).toBe(true);
    expect(browse.cmi().core.lesson_status).toBe('browsed');
    expect([...review.refused, ...browse.refused]).toEqual([]);
  });

  it('queues writes the LMS refuses for a passing reason and replays them in order on retry', async () => {
    vi.useFakeTimers();
    const consoleWarn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const lms = scormAgain();
      let down = false;
      const flaky: Scorm12Api = {
        ...lms.checked,
        LMSSetValue: (e, v) => (down ? 'false' : lms.checked.LMSSetValue(e, v)),
        LMSCommit: () => (down ? 'false' : lms.checked.LMSCommit('')),
        LMSGetLastError: () => (down ? '101' : lms.checked.LMSGetLastError()),
      };
      const adapter = new Scorm12Adapter(flaky);
      const statuses: string[] = [];
      adapter.onSaveStatus((s) => statuses.push(s.state));
      await adapter.start();
      down = true;
      adapter.recordInteraction(record());
      expect(await adapter.commit()).toBe(false);
      expect(statuses.at(-1)).toBe('retrying');
      down = false;
      await vi.advanceTimersByTimeAsync(1100);
      await vi.waitFor(() => expect(statuses.at(-1)).toBe('saved'));
      expect(lms.cmi().interactions['0']).toMatchObject({ id: 'test-a1-q_phone_01', type: 'choice', student_response: 'b', result: 'correct' });
      expect(lms.refused).toEqual([]);
      expect(consoleWarn).toHaveBeenCalled(); // the refusal is logged for the console
    } finally {
      vi.useRealTimers();
      consoleWarn.mockRestore();
    }
  });

  it('does not retry a value the LMS calls wrong (405), and says it is not saved', async () => {
    const lms = scormAgain();
    const adapter = new Scorm12Adapter(lms.checked);
    const statuses: { state: string; detail?: string }[] = [];
    adapter.onSaveStatus((s) => statuses.push(s));
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
    await adapter.start();
    // 101 is outside 1.2's score range: a value no retry can fix. (The adapter itself clamps
    // scores, so the write is made directly.)
    (adapter as unknown as { set(e: string, v: string): void }).set('cmi.core.score.raw', '101');
    // Nothing is held back for it: the commit goes through, and says a value is not saved.
    expect(await adapter.commit()).toBe(true);
    expect(statuses.at(-1)).toMatchObject({ state: 'refused' });
    expect(statuses.at(-1)!.detail).toMatch(/^LMSSetValue\(cmi\.core\.score\.raw, "101"\): 405/);
    expect(consoleError).toHaveBeenCalledOnce();
    consoleError.mockRestore();
    // Every later commit says it again.
    adapter.saveProgress({ bookmark: 'survey', state: '{}', progress: 0, exit: 'suspend' });
    expect(await adapter.commit()).toBe(true);
    expect(statuses.at(-1)).toMatchObject({ state: 'refused' });
  });
});
