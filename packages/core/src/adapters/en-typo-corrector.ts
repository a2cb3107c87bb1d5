import type { Correction, TypoCorrector } from '../ports/typo-corrector.ts';
import { englishFrequencies } from './english-dictionary.ts';

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
/** Words seen fewer times than this in the general corpus may still be typos of a KB word. */
const RARE_WORD_COUNT = 30;
const KB_WORD_BONUS = 1e7;

function edits1(word: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i <= word.length; i++) {
    const [left, right] = [word.slice(0, i), word.slice(i)];
    if (right) out.add(left + right.slice(1));
    if (right.length > 1) out.add(left + right[1] + right[0] + right.slice(2));
    for (const c of LETTERS) {
      if (right) out.add(left + c + right.slice(1));
      out.add(left + c + right);
    }
  }
  out.delete(word);
  return out;
}

/**
 * English spelling corrector (adress→address, recieve→receive): a word unknown to both the knowledge
 * base and a 74k-word spoken-English frequency list is replaced by the most likely known word within
 * edit distance 1 (2 for longer words), knowledge-base words first.
 */
export function createEnTypoCorrector(): TypoCorrector {
  const vocabulary = new Set<string>();

  function score(candidate: string): number {
    return (vocabulary.has(candidate) ? KB_WORD_BONUS : 0) + (englishFrequencies().get(candidate) ?? 0);
  }

  function best(candidates: Iterable<string>): string | undefined {
    let top: string | undefined;
    let topScore = 0;
    for (const c of candidates) {
      const s = score(c);
      if (s > topScore) [top, topScore] = [c, s];
    }
    return top;
  }

  function correctWord(word: string): string | undefined {
    if (word.length < 3 || !/^[a-z]+$/.test(word) || vocabulary.has(word)) return undefined;
    const known = englishFrequencies().get(word) ?? 0;
    if (known >= RARE_WORD_COUNT) return undefined;
    const near = edits1(word);
    const target = best(near);
    if (target && (known === 0 || vocabulary.has(target))) return target;
    if (known > 0 || word.length < 6) return undefined;
    const far = new Set<string>();
    for (const e of near) for (const e2 of edits1(e)) if (vocabulary.has(e2)) far.add(e2);
    return best(far);
  }

  return {
    learn(words) {
      for (const word of words) if (/^[a-z]{2,}$/.test(word)) vocabulary.add(word);
    },
    correct(text) {
      const corrections: Correction[] = [];
      const corrected = text.replace(/[a-z]+/g, (word) => {
        const target = correctWord(word);
        if (!target) return word;
        corrections.push({ from: word, to: target });
        return target;
      });
      return { text: corrected, corrections };
    },
  };
}
