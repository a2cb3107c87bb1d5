import { describe, expect, it } from 'vitest';
import { lineInLanguage } from './line-in-language.ts';

describe('lineInLanguage', () => {
  it('keeps the half of a bilingual line in the visitor\'s language, and any other text whole', () => {
    const line = '客服已接入。 / An agent has joined.';
    expect([lineInLanguage(line, 'zh-CN'), lineInLanguage(line, 'en-US'), lineInLanguage(line, undefined)]).toEqual(['客服已接入。', 'An agent has joined.', line]);
    expect(lineInLanguage('请选 1 / 2 / 3', 'zh-CN')).toBe('请选 1 / 2 / 3');
    expect(lineInLanguage('A / B', 'zh-CN')).toBe('A / B');
  });
});
