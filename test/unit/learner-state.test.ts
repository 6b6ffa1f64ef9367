import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { localize } from '../../build/course/localize.ts';
import { loadCourse } from '../../build/index.ts';
import { SCORM12 } from '../../player/spec/scorm12.ts';

const suspendDataLimit = SCORM12.limits['cmi.suspend_data'];
import { cleanFreeText, encodeState, worstCaseState } from '../../player/state.ts';
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
