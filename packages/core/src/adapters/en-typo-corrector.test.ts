import { describe, expect, it } from 'vitest';
import { createEnTypoCorrector } from './en-typo-corrector.ts';

describe('English typo corrector (edit distance)', () => {
  const corrector = createEnTypoCorrector();
  corrector.learn(['address', 'receive', 'warranty', 'shipping', 'refund', 'laptop']);

  it.each([
    ['how do i change my adress', 'address'],
    ['i did not recieve my order', 'receive'],
    ['warrenty on laptops', 'warranty'],
    ['how long is shiping', 'shipping'],
    ['i want a refnud', 'refund'],
  ])('fixes %s', (input, word) => {
    expect(corrector.correct(input).text.split(' ')).toContain(word);
  });

  it.each(['where is my order', 'can i pay with paypal', 'the laptop is broken', 'i want to return it'])('leaves correct text alone: %s', (input) => {
    expect(corrector.correct(input)).toEqual({ text: input, corrections: [] });
  });
});
