import { describe, expect, it } from 'vitest';
import { DEFAULT_PROACTIVE_RULES, inQuietHours, optWord } from './proactive-rules.ts';

describe('proactive rules', () => {
  it('knows quiet hours across midnight in the rules time zone', () => {
    const rules = { ...DEFAULT_PROACTIVE_RULES, quietHours: { from: 21, to: 9, tz: 'Asia/Shanghai' } };
    expect(inQuietHours(rules, new Date('2026-11-25T14:00:00Z'))).toBe(true); // 22:00 in Shanghai
    expect(inQuietHours(rules, new Date('2026-11-25T00:59:00Z'))).toBe(true); // 08:59
    expect(inQuietHours(rules, new Date('2026-11-25T01:00:00Z'))).toBe(false); // 09:00
    expect(inQuietHours({ ...rules, quietHours: { from: 12, to: 14, tz: 'UTC' } }, new Date('2026-11-25T13:30:00Z'))).toBe(true);
    expect(inQuietHours({ ...rules, quietHours: null }, new Date('2026-11-25T14:00:00Z'))).toBe(false);
  });

  it('takes only a whole message as an opt-out or opt-in word, in any case', () => {
    expect(optWord(DEFAULT_PROACTIVE_RULES, ' 退订 ')).toBe('out');
    expect(['请退订', '我要退订', 'unsubscribe me', 'please unsubscribe me', '退订吧谢谢'].map((t) => optWord(DEFAULT_PROACTIVE_RULES, t))).toEqual(['out', 'out', 'out', 'out', 'out']);
    expect([optWord(DEFAULT_PROACTIVE_RULES, '退订。'), optWord(DEFAULT_PROACTIVE_RULES, 'Unsubscribe!'), optWord(DEFAULT_PROACTIVE_RULES, '“订阅”'), optWord(DEFAULT_PROACTIVE_RULES, '。。')]).toEqual(['out', 'out', 'in', undefined]);
    expect(optWord(DEFAULT_PROACTIVE_RULES, 'UNSUBSCRIBE')).toBe('out');
    expect(optWord(DEFAULT_PROACTIVE_RULES, 'stop')).toBeUndefined(); // leaves a task flow instead
    expect(optWord(DEFAULT_PROACTIVE_RULES, '订阅')).toBe('in');
    expect(optWord(DEFAULT_PROACTIVE_RULES, '怎么退订课程')).toBeUndefined();
    expect(optWord(DEFAULT_PROACTIVE_RULES, "don't stop")).toBeUndefined();
  });
});
