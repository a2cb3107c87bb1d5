import { describe, expect, it } from 'vitest';
import { linkify } from './linkify.ts';

describe('linkify', () => {
  it('finds http(s) links and leaves the rest as text', () => {
    expect(linkify('详见 https://example.com/refund。谢谢')).toEqual([
      { kind: 'text', text: '详见 ' },
      { kind: 'link', text: 'https://example.com/refund', href: 'https://example.com/refund' },
      { kind: 'text', text: '。谢谢' },
    ]);
  });
  it('never turns javascript: or HTML into links', () => {
    expect(linkify('javascript:alert(1) <a href="x">y</a>')).toEqual([{ kind: 'text', text: 'javascript:alert(1) <a href="x">y</a>' }]);
  });
});
