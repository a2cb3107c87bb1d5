import { describe, expect, it } from 'vitest';
import { withoutNul } from './without-nul.ts';

describe('withoutNul', () => {
  it('drops NUL characters from every string, in arrays and objects, and leaves everything else as it was', () => {
    expect(withoutNul('hello\u0000world')).toBe('helloworld');
    expect(withoutNul({ text: 'a\u0000b', n: 1, ok: true, list: ['\u0000x', null], nested: { 'k\u0000': 'v' } })).toEqual({ text: 'ab', n: 1, ok: true, list: ['x', null], nested: { k: 'v' } });
    const bytes = new Uint8Array([0, 1]);
    expect(withoutNul(bytes)).toBe(bytes);
    expect(withoutNul('a\\u0000b')).toBe('a\\u0000b');
  });
});
