import { describe, expect, it } from 'vitest';
import { createEnTypoCorrector, isKeyboardSlip } from './en-typo-corrector.ts';

describe('English typo corrector (edit distance)', () => {
  const corrector = createEnTypoCorrector();
  corrector.learn(['address', 'receive', 'warranty', 'shipping', 'refund', 'laptop', 'list', 'cost', 'phone', 'us', 'subject', 'for', 'how', 'city', 'who', 'all', 'the', 'know', 'national', 'recommendations', 'apple', 'table']);

  it.each([
    ['how do i change my adress', 'address'],
    ['i did not recieve my order', 'receive'],
    ['warrenty on laptops', 'warranty'],
    ['how long is shiping', 'shipping'],
    ['i want a refnud', 'refund'],
    ['teh refund', 'the'],
    ['kniw my refund', 'know'],
    ['any reccomendations', 'recommendations'],
  ])('fixes %s', (input, word) => {
    expect(corrector.correct(input).text.split(' ')).toContain(word);
  });

  it.each(['where is my order', 'can i pay with paypal', 'the laptop is broken', 'i want to return it', 'let lisa know where i am', 'order an iphone from costco', 'convert usd to cad', 'the shipping of nutritional supplements', 'my citi card', 'pho near me', 'flights from atl', 'hoq do i pay', 'the nutrional info', 'book a table at appleby'])('leaves correct text alone: %s', (input) => {
    expect(corrector.correct(input)).toEqual({ text: input, corrections: [] });
  });

  it.each([
    ['fpr', 'for', true],
    ['hoq', 'how', true],
    ['teh', 'the', true],
    ['citi', 'city', false],
    ['pho', 'who', false],
    ['usd', 'us', false],
  ])('tells a keyboard slip (%s for %s) from another word', (word, candidate, slip) => {
    expect(isKeyboardSlip(word, candidate)).toBe(slip);
  });

  it('does not move a misspelling to a farther knowledge-base word when an English word is nearer', () => {
    // "subract" is one letter from "subtract" and two from the knowledge base's "subject".
    expect(corrector.correct('can you subract 36 from 5').text).toBe('can you subract 36 from 5');
  });

  it('writes a compound no dictionary knows as the knowledge base writes it in two words', () => {
    const splitter = createEnTypoCorrector();
    splitter.learn(['todo', 'to', 'do', 'list', 'lo', 'mein', 'me', 'in', 'round', 'trip', 'cell', 'phone']);
    splitter.learnPhrases!(['what is on my to do list', 'take it off my todo list', 'remind me in an hour', 'a round trip ticket', 'my cell phone']);
    expect(splitter.correct('read my todo list')).toEqual({ text: 'read my to do list', corrections: [{ from: 'todo', to: 'to do' }] });
    expect(splitter.correct('a roundtrip to boston').text).toBe('a round trip to boston');
    // Words a dictionary knows keep their form: "mein" (lo mein), "into", "cellphone".
    expect(splitter.correct('order lo mein into my cellphone').text).toBe('order lo mein into my cellphone');
  });
});
