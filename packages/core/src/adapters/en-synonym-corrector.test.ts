import { describe, expect, it } from 'vitest';
import { createEnSynonymCorrector } from './en-synonym-corrector.ts';

describe('createEnSynonymCorrector', () => {
  const corrector = createEnSynonymCorrector();
  corrector.learn(['what', 'is', 'the', 'warranty', 'on', 'phones', 'how', 'can', 'buy', 'gift', 'return', 'my', 'laptop', 'in', 'original', 'condition', 'earphones', 'headphones', 'tire', 'pressure', 'smallest', 'small']);

  it('writes a word the knowledge base does not use as its first-sense WordNet synonym the knowledge base uses', () => {
    expect(corrector.correct('phone guarantee how long')).toEqual({ text: 'phone warranty how long', corrections: [{ from: 'guarantee', to: 'warranty' }] });
    expect(corrector.correct('where can i purchase one').text).toBe('where can i buy one');
    expect(corrector.correct('guarantees on laptops').text).toBe('warranty on laptops');
    // Written as the knowledge base writes the synonym itself, not a form of it ("smallest").
    expect(corrector.correct('a little one').text).toBe('a small one');
  });

  it('leaves alone words the knowledge base uses, inflections of them, rare senses and unknown words', () => {
    expect(corrector.correct('what is the warranty on phones')).toEqual({ text: 'what is the warranty on phones', corrections: [] });
    expect(corrector.correct('warranties').corrections).toEqual([]);
    // "weather" shares a sense with "conditions", but that is not the first sense of "condition".
    expect(corrector.correct('what is the weather like').corrections).toEqual([]);
    expect(corrector.correct('smartwatch zzzz').corrections).toEqual([]);
    // "hale" (to force) shares its sense with the verb "pressure", but "pressure" is mostly a noun.
    expect(corrector.correct('where do you hale from').corrections).toEqual([]);
  });

  it('leaves alone a word with two synonyms in the knowledge base: which one is meant is not known', () => {
    // "earpiece" is a first-sense synonym of both "earphone" and "headphone".
    expect(corrector.correct('earpiece broken').corrections).toEqual([]);
  });
});
