import { describe, expect, it } from 'vitest';
import { joinListCell, splitListCell } from './list-cell.ts';

describe('list cells', () => {
  it('give back exactly the items joined, whatever they hold', () => {
    const items = ['a | b', 'two\nlines', 'back\\slash', 'C:\\new\\|', 'plain'];
    expect(splitListCell(joinListCell(items), { splitLines: true })).toEqual(items);
    expect(splitListCell(joinListCell(['a|b', 'c']))).toEqual(['a|b', 'c']);
  });

  it('read hand-written cells: | and (for questions) line breaks separate, other backslashes stay', () => {
    expect(splitListCell('怎么退款 |能退款吗\n退费流程', { splitLines: true })).toEqual(['怎么退款', '能退款吗', '退费流程']);
    expect(splitListCell('C:\\temp | x')).toEqual(['C:\\temp', 'x']);
  });
});
