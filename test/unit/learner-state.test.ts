import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { localize } from '../../build/course/localize.ts';
import { loadCourse } from '../../build/index.ts';
import { SCORM12 } from '../../player/spec/scorm12.ts';

const suspendDataLimit = SCORM12.limits['cmi.suspend_data'];
import { cleanFreeText, decodeState, encodeState, initialState, worstCaseState } from '../../player/state.ts';
import { projectRoot } from '../support/fixture.ts';

describe('the learner state in suspend_data', () => {
  const { course } = loadCourse(path.join(projectRoot, 'content'));

  test('drops control characters and lone surrogates from free text, keeps line breaks, tabs and pairs', () => {
    expect(cleanFreeText('a\u0001b\u001fc\u007fd')).toBe('abcd');
    expect(cleanFreeText('line\nnext\ttab\r')).toBe('line\nnext\ttab\r');
    expect(cleanFreeText('x\ud800y\udc00z')).toBe('xyz');
    expect(cleanFreeText('絵文字😀')).toBe('絵文字😀');
  });

  test.each(['ja', 'en'])('stays within SCORM 1.2 at the worst case, even when free text is pasted full of control characters (%s)', (lang) => {
    const localized = localize(course!, lang);
    const worst = worstCaseState(localized);
    const bound = encodeState(worst).length;
    expect(bound).toBeLessThanOrEqual(suspendDataLimit * 0.75);
    const hostile = worstCaseState(localized);
    for (const item of localized.survey.items) {
      if (item.type === 'text') hostile.survey.answers[item.id] = '\u0001'.repeat(item.maxLength - 1) + '\ud800';
    }
    expect(encodeState(hostile).length).toBeLessThanOrEqual(bound);
  });
});

describe('survey answers in the learner state', () => {
  const { course } = loadCourse(path.join(projectRoot, 'content'));
  const localized = localize(course!, 'en');
  const roundTrip = (s: ReturnType<typeof initialState>) => decodeState(encodeState(s), localized)!.survey.answers;

  test('keep a point, "don\'t know", a single choice and a select-all answer, the last as ids joined by "."', () => {
    const s = initialState();
    s.survey.answers = { aw_exp_received: 'f3', aw_work_policy: 'dk', seg_contact: ['weekly'], seg_channel: ['phone', 'online'], fx_course_wish: 'More cases.' };
    const json = JSON.parse(encodeState(s)) as { s: { a: Record<string, string> } };
    expect(json.s.a).toEqual({ aw_exp_received: 'f3', aw_work_policy: 'dk', seg_contact: 'weekly', seg_channel: 'phone.online', fx_course_wish: 'More cases.' });
    expect(roundTrip(s)).toEqual(s.survey.answers);
  });

  test('drop an answer the item no longer offers: another scale\'s point, "don\'t know" where it is not offered, an unknown option, two for a single choice', () => {
    const stored = JSON.stringify({
      v: 2,
      c: 1,
      p: 'survey',
      s: { a: { aw_exp_received: 's3', aw_know_law: 'dk', seg_channel: 'phone.fax', seg_contact: 'daily.weekly', seg_department: 'sales', aw_work_desk: 'y' } },
    });
    expect(decodeState(stored, localized)!.survey.answers).toEqual({ seg_department: ['sales'], aw_work_desk: 'y' });
  });

  test('the worst case ticks every option of a select-all item and takes each item\'s longest answer, and reads back as it was', () => {
    const worst = worstCaseState(localized);
    expect(decodeState(encodeState(worst), localized)).toEqual(worst);
    expect(worst.survey.answers['seg_channel']).toEqual(['counter', 'phone', 'online', 'visits']);
    expect(worst.survey.answers['seg_department']).toEqual(['contact_centre']);
    expect(worst.survey.answers['aw_work_policy']).toBe('dk');
    expect(worst.survey.answers['aw_exp_received']).toBe('f1');
  });
});

describe('narration preferences in the learner state', () => {
  const { course } = loadCourse(path.join(projectRoot, 'content'));
  const localized = localize(course!, 'ja');

  test('are off and at normal speed by default, and leave nothing in suspend_data then', () => {
    const s = initialState();
    expect(s.narration).toEqual({ auto: false, rate: 1 });
    expect(JSON.parse(encodeState(s))).not.toHaveProperty('n');
  });

  test('keep "play when a slide opens" and the speed as "n":{"a":1,"r":rate}', () => {
    const s = initialState();
    s.narration = { auto: true, rate: 1.25 };
    expect(JSON.parse(encodeState(s)).n).toEqual({ a: 1, r: 1.25 });
    expect(decodeState(encodeState(s), localized)!.narration).toEqual({ auto: true, rate: 1.25 });
  });

  test.each([
    ['a speed the player does not offer', { a: 1, r: 3 }, { auto: true, rate: 1 }],
    ['a speed that is no number', { r: '1.5' }, { auto: false, rate: 1 }],
    ['"on" written other than as 1', { a: true }, { auto: false, rate: 1 }],
  ])('read %s as the default', (_, n, prefs) => {
    expect(decodeState(JSON.stringify({ v: 2, c: 1, p: 'title', n }), localized)!.narration).toEqual(prefs);
  });

  test('read a state written before they existed (format 1 and 2 alike) as the defaults', () => {
    expect(decodeState('{"v":1,"c":3,"p":"survey"}', localized)!.narration).toEqual({ auto: false, rate: 1 });
    expect(decodeState('{"v":2,"c":3,"p":"survey"}', localized)!.narration).toEqual({ auto: false, rate: 1 });
  });
});
