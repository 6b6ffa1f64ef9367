/** The cmi5 adapter's parts that need no browser: launch parsing, statement building, the queue. */
import { describe, expect, test } from 'vitest';
import type { Context, Statement } from '@xapi/xapi';
import type { InteractionRecord } from '../../player/lms/adapter.ts';
import { checkLaunchData, readLaunchParameters, XapiError, type XapiClient } from '../../player/lms/cmi5-launch.ts';
import { StatementOutbox } from '../../player/lms/cmi5-outbox.ts';
import { answeredStatement, contextFrom, definedStatement, scoreOf, Stamper, type InteractionCatalog, type LaunchContext } from '../../player/lms/cmi5-statements.ts';
import { CMI5, MASTERY_SCORE, MOVE_ON, xapiWarnings } from './harness/cmi5-rules.ts';

const actor = { objectType: 'Agent', account: { homePage: 'https://lms.example', name: 'u1' } } as const;
const launchQuery = (o: Record<string, string>) => `?${new URLSearchParams(o)}`;
const full = { endpoint: 'https://lrs.example/xapi/', fetch: 'https://lms.example/fetch?k=1', actor: JSON.stringify(actor), registration: 'c1a0a3a6-7d6c-4c5e-9d1f-0a1b2c3d4e5f', activityId: 'https://lms.example/au/1' };

describe('launch parameters (cmi5 §8.1)', () => {
  test('reads all five, in any order, decoding the actor', () => {
    const { actor: _a, ...rest } = full;
    expect(readLaunchParameters(launchQuery({ actor: full.actor, ...rest }))).toEqual({ ...rest, actor });
  });
  test.each([
    ['no endpoint', { ...full, endpoint: '' }],
    ['no fetch', { ...full, fetch: '' }],
    ['no registration', { ...full, registration: '' }],
    ['no activityId', { ...full, activityId: '' }],
    ['an actor that is not JSON', { ...full, actor: '{name' }],
    ['an actor that is not an object', { ...full, actor: '42' }],
  ])('means no cmi5 launch with %s', (_name, q) => {
    expect(readLaunchParameters(launchQuery(q))).toBeNull();
  });
  test('means no cmi5 launch without a query', () => {
    expect(readLaunchParameters('')).toBeNull();
  });
});

describe('LMS.LaunchData (cmi5 §10)', () => {
  const good = { contextTemplate: {}, launchMode: 'Normal', moveOn: 'CompletedAndPassed' };
  test.each([
    [null, 'is not a JSON object'],
    [{ ...good, contextTemplate: undefined }, 'has no contextTemplate'],
    [{ ...good, launchMode: 'normal' }, 'unknown launchMode "normal"'],
  ])('rejects %j', (doc, message) => {
    expect(() => checkLaunchData(doc)).toThrow(message);
  });
  test.each([
    [0.75, 0.75],
    ['0.8', 0.8],
    [1.5, undefined],
    [-0.1, undefined],
    ['high', undefined],
    [undefined, undefined],
  ])('reads masteryScore %j as %j', (given, read) => {
    expect(checkLaunchData({ ...good, masteryScore: given }).masteryScore).toBe(read);
  });
});

const template: Context = {
  contextActivities: { grouping: [{ objectType: 'Activity', id: 'https://courses.example/c/ja/au' }] },
  extensions: { 'https://w3id.org/xapi/cmi5/context/extensions/sessionid': 's-1' },
};
const launch = (masteryScore?: number): LaunchContext => ({
  actor,
  activityId: full.activityId,
  registration: full.registration,
  contextTemplate: template,
  masteryScore,
  lang: 'ja',
});

describe('statement context', () => {
  test('keeps every value of the LMS template and adds to its lists', () => {
    const t: Context = { ...template, registration: 'ignored', contextActivities: { ...template.contextActivities, category: [{ id: 'https://lms.example/cat' }] } };
    const c = contextFrom(t, full.registration, {
      contextActivities: { category: [{ id: CMI5 }, { id: 'https://lms.example/cat' }], parent: [{ id: full.activityId }] },
      extensions: { 'https://w3id.org/xapi/cmi5/context/extensions/sessionid': 'overwritten?', 'https://example.com/x': 1 },
    });
    expect(c).toEqual({
      registration: full.registration,
      contextActivities: {
        grouping: template.contextActivities!.grouping,
        category: [{ id: 'https://lms.example/cat' }, { id: CMI5 }],
        parent: [{ id: full.activityId }],
      },
      extensions: { 'https://w3id.org/xapi/cmi5/context/extensions/sessionid': 's-1', 'https://example.com/x': 1 },
    });
    expect(t.contextActivities!.category).toHaveLength(1); // the template itself is untouched
  });
});

describe('cmi5 defined statements (§9)', () => {
  const stamper = new Stamper(() => Date.UTC(2026, 9, 1, 9, 0, 0));
  const cats = (s: Statement) => s.context!.contextActivities!.category!.map((a) => a.id);
  test.each([
    ['initialized', undefined, [CMI5]],
    ['completed', { completion: true, duration: 'PT1M' }, [CMI5, MOVE_ON]],
    ['passed', { score: scoreOf(90), success: true, duration: 'PT1M' }, [CMI5, MOVE_ON]],
    ['failed', { score: scoreOf(60), success: false, duration: 'PT1M' }, [CMI5, MOVE_ON]],
    ['terminated', { duration: 'PT2M' }, [CMI5]],
  ] as const)('%s: the AU as object, cmi5 category, moveOn exactly where success or completion is', (verb, result, categories) => {
    const s = definedStatement(launch(0.8), verb, stamper.next(), result);
    expect(s.object).toEqual({ objectType: 'Activity', id: full.activityId });
    expect(s.verb.id).toBe(`http://adlnet.gov/expapi/verbs/${verb}`);
    expect(cats(s)).toEqual(categories);
    expect(s.context!.extensions!['https://w3id.org/xapi/cmi5/context/extensions/sessionid']).toBe('s-1');
    expect(s.context!.extensions![MASTERY_SCORE]).toBe(verb === 'passed' || verb === 'failed' ? 0.8 : undefined);
    expect(xapiWarnings([s])).toEqual([]);
  });
  test('has no masteryScore extension when the launch data has none', () => {
    expect(definedStatement(launch(), 'passed', stamper.next(), { success: true }).context!.extensions![MASTERY_SCORE]).toBeUndefined();
  });
  test.each([
    [90, { scaled: 0.9, raw: 90, min: 0, max: 100 }],
    [100, { scaled: 1, raw: 100, min: 0, max: 100 }],
    [0, { scaled: 0, raw: 0, min: 0, max: 100 }],
    [66.67, { scaled: 0.6667 }],
    [120, { scaled: 1, raw: 100, min: 0, max: 100 }],
  ])('score %d %% is %j (raw only when whole: cmi5 §9.5.1)', (percent, score) => {
    expect(scoreOf(percent)).toEqual(score);
  });
  test('stamps strictly increasing timestamps, even within one millisecond, and fresh v4 UUIDs', () => {
    const same = new Stamper(() => 1_000);
    const stamps = [same.next(), same.next(), same.next(500)];
    expect(stamps.map((s) => s.timestamp)).toEqual(['1970-01-01T00:00:01.000Z', '1970-01-01T00:00:01.001Z', '1970-01-01T00:00:01.002Z']);
    expect(new Set(stamps.map((s) => s.id)).size).toBe(3);
    for (const s of stamps) expect(s.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('answers as cmi5 allowed statements', () => {
  const catalog: InteractionCatalog = {
    lang: 'ja',
    choices: new Map([['q_a', [{ id: 'a', text: '一' }, { id: 'b', text: '二' }, { id: 'c', text: '三' }]]]),
    survey: new Map([
      ['x', [{ id: 's1', text: '低い' }, { id: 's2', text: '高い' }, { id: 'dk', text: 'わからない' }]],
      ['seg', [{ id: 'phone', text: '電話' }, { id: 'online', text: 'オンライン' }, { id: 'visits', text: '訪問' }]],
    ]),
  };
  const record = (r: Partial<InteractionRecord>): InteractionRecord => ({
    id: 'survey.x',
    kind: 'likert',
    description: '設問',
    response: ['s2'],
    result: 'neutral',
    weighting: 1,
    answeredAt: Date.UTC(2026, 9, 1),
    latencyMs: 4321,
    ...r,
  });
  const build = (r: Partial<InteractionRecord>) => answeredStatement(launch(0.8), record(r), catalog, new Stamper().next(Date.UTC(2026, 9, 1)));
  const def = (s: Statement) => (s.object as unknown as { id: string; definition: Record<string, unknown> }).definition;

  test('a Likert item names its scale and has no correct response or success', () => {
    const s = build({});
    expect((s.object as { id: string }).id).toBe(`${full.activityId}/test/awareness-survey/question/x`);
    expect(def(s)).toMatchObject({
      interactionType: 'likert',
      scale: [{ id: 's1', description: { ja: '低い' } }, { id: 's2', description: { ja: '高い' } }, { id: 'dk', description: { ja: 'わからない' } }],
    });
    expect(def(s).correctResponsesPattern).toBeUndefined();
    expect(s.result).toEqual({ response: 's2', duration: 'PT4.32S' });
    expect(s.context!.contextActivities!.category).toBeUndefined();
    expect(s.context!.contextActivities!.parent).toEqual([{ objectType: 'Activity', id: full.activityId }]);
    expect(xapiWarnings([s])).toEqual([]);
  });
  test('"don\'t know" is the response dk, named among the scale\'s components', () => {
    const s = build({ response: ['dk'] });
    expect(s.result).toEqual({ response: 'dk', duration: 'PT4.32S' });
    expect(xapiWarnings([s])).toEqual([]);
  });
  test('a select-all survey item: its options as choices, the ids chosen as the response, no success', () => {
    const s = build({ id: 'survey.seg', kind: 'choice', response: ['phone', 'visits'] });
    expect((s.object as { id: string }).id).toBe(`${full.activityId}/test/awareness-survey/question/seg`);
    expect(def(s)).toMatchObject({ interactionType: 'choice', choices: [{ id: 'phone', description: { ja: '電話' } }, { id: 'online' }, { id: 'visits' }] });
    expect(def(s).correctResponsesPattern).toBeUndefined();
    expect(s.result).toEqual({ response: 'phone[,]visits', duration: 'PT4.32S' });
    expect(xapiWarnings([s])).toEqual([]);
  });
  test('a multiple-choice question: choices, correct pattern, response and success; the same activity in every attempt', () => {
    const s = build({ id: 'test.a3.q_a', kind: 'choice', response: ['a', 'c'], correct: ['a', 'b'], result: 'incorrect' });
    expect((s.object as { id: string }).id).toBe(`${full.activityId}/test/confirmation-test/question/q_a`);
    expect(def(s)).toMatchObject({ interactionType: 'choice', correctResponsesPattern: ['a[,]b'], choices: [{ id: 'a' }, { id: 'b' }, { id: 'c' }] });
    expect(s.result).toEqual({ response: 'a[,]c', success: false, duration: 'PT4.32S' });
    expect(xapiWarnings([s])).toEqual([]);
  });
  test('a true-false question', () => {
    const s = build({ id: 'test.a1.q_tf', kind: 'true-false', response: ['false'], correct: ['false'], result: 'correct' });
    expect(def(s)).toMatchObject({ interactionType: 'true-false', correctResponsesPattern: ['false'] });
    expect(s.result).toMatchObject({ response: 'false', success: true });
    expect(xapiWarnings([s])).toEqual([]);
  });
  test('free text stays one fill-in answer even when it contains the separator', () => {
    const s = build({ kind: 'long-fill-in', response: ['A[,]B'] });
    expect(s.result!.response).toBe('A[ ,]B');
    expect(def(s).interactionType).toBe('long-fill-in');
    expect(xapiWarnings([s])).toEqual([]);
  });
});

class MemoryStorage {
  private m = new Map<string, string>();
  getItem(k: string) {
    return this.m.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.m.set(k, v);
  }
  removeItem(k: string) {
    this.m.delete(k);
  }
}

/** An LRS double: records what arrives; `refuse` lists statement ids it answers 400 for. */
function fakeClient(o: { down?: () => boolean; refuse?: string[]; conflict?: string[] } = {}) {
  const stored: string[] = [];
  const calls: string[] = [];
  const client = {
    async postStatements(batch: Statement[]) {
      calls.push(`POST ${batch.length}`);
      if (o.down?.()) throw new XapiError(0, 'offline');
      if (batch.some((s) => o.refuse?.includes(s.id!))) throw new XapiError(400, 'invalid');
      if (batch.some((s) => o.conflict?.includes(s.id!))) throw new XapiError(409, 'conflict');
      stored.push(...batch.map((s) => s.id!));
    },
    async putStatement(s: Statement) {
      calls.push(`PUT ${s.id}`);
      if (o.refuse?.includes(s.id!)) throw new XapiError(400, 'invalid');
      if (o.conflict?.includes(s.id!)) throw new XapiError(409, 'conflict');
      stored.push(s.id!);
    },
  };
  return { client: client as unknown as XapiClient, stored, calls };
}

const st = (id: string) => ({ id }) as Statement;

describe('the statement queue', () => {
  test('keeps statements in localStorage while the LRS is down and sends them in order when it is back', async () => {
    let down = true;
    const storage = new MemoryStorage() as unknown as Storage;
    const lrs = fakeClient({ down: () => down });
    const q = new StatementOutbox(storage, 'k');
    q.add(st('1'));
    q.add(st('2'));
    expect(await q.flush(lrs.client)).toBe(false);
    expect(q.lastError).toContain('offline');
    // A reload: a new queue on the same storage has them.
    const again = new StatementOutbox(storage, 'k');
    expect(again.pending.map((s) => s.id)).toEqual(['1', '2']);
    again.add(st('3'));
    down = false;
    expect(await again.flush(lrs.client)).toBe(true);
    expect(lrs.stored).toEqual(['1', '2', '3']);
    expect(storage.getItem('k')).toBeNull();
  });
  test('finds a refused statement one at a time, drops it with an error, and delivers the rest in order', async () => {
    const lrs = fakeClient({ refuse: ['2'] });
    const q = new StatementOutbox(null, 'k');
    for (const id of ['1', '2', '3']) q.add(st(id));
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...a: unknown[]) => errors.push(a);
    try {
      expect(await q.flush(lrs.client)).toBe(true);
    } finally {
      console.error = original;
    }
    expect(lrs.stored).toEqual(['1', '3']);
    expect(lrs.calls).toEqual(['POST 3', 'PUT 1', 'PUT 2', 'PUT 3']);
    expect(errors).toHaveLength(1);
  });
  test('takes 409 Conflict for a statement sent before, without an error', async () => {
    const lrs = fakeClient({ conflict: ['1'] });
    const q = new StatementOutbox(null, 'k');
    q.add(st('1'));
    q.add(st('2'));
    expect(await q.flush(lrs.client)).toBe(true);
    expect(q.pending).toEqual([]);
    expect(lrs.stored).toEqual(['2']);
  });
  test('runs one drain at a time, and statements added meanwhile go out in it', async () => {
    const lrs = fakeClient();
    const q = new StatementOutbox(null, 'k');
    q.add(st('1'));
    const a = q.flush(lrs.client);
    q.add(st('2'));
    const b = q.flush(lrs.client);
    expect(a).toBe(b);
    expect(await a).toBe(true);
    expect(lrs.stored).toEqual(['1', '2']);
  });
});
