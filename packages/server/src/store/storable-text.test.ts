import { describe, expect, it } from 'vitest';
import { storableText } from './storable-text.ts';

describe('storableText', () => {
  it('drops NUL characters from every string, in arrays and objects, and leaves everything else as it was', () => {
    expect(storableText('hello\u0000world')).toBe('helloworld');
    expect(storableText({ text: 'a\u0000b', n: 1, ok: true, list: ['\u0000x', null], nested: { 'k\u0000': 'v' } })).toEqual({ text: 'ab', n: 1, ok: true, list: ['x', null], nested: { k: 'v' } });
    const bytes = new Uint8Array([0, 1]);
    expect(storableText(bytes)).toBe(bytes);
    expect(storableText('a\\u0000b')).toBe('a\\u0000b');
  });

  it('replaces lone surrogates with U+FFFD and keeps surrogate pairs (emoji)', () => {
    expect(storableText({ text: 'abc\uD800def', end: 'x\uDBFF', start: '\uDC00y', reversed: '\uDC00\uD800' })).toEqual({ text: 'abc\uFFFDdef', end: 'x\uFFFD', start: '\uFFFDy', reversed: '\uFFFD\uFFFD' });
    expect(storableText('退款😀\uD83D\uDE00')).toBe('退款😀😀');
  });
});
