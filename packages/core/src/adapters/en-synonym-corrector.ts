import type { Correction, TypoCorrector } from '../ports/typo-corrector.ts';
import { baseForms, firstSenseSynonyms } from './wordnet-synonyms.ts';

/** Shorter words are mostly function words and abbreviations, whose WordNet senses are noise (or -> oregon). */
const MIN_WORD_LENGTH = 4;
const LEARNABLE_WORD = /^[a-z]{3,}$/;
/** Visitors' words are unbounded: the cache starts over past this many, as the typo corrector's does. */
const CACHE_LIMIT = 10_000;

/**
 * An English word the knowledge base never uses is written as the one knowledge-base word that is its
 * WordNet synonym in both words' first sense ("phone guarantee how long" -> "phone warranty how long" when the
 * questions say warranty), so a visitor's wording finds the entry a small knowledge base words differently.
 * A word with two such knowledge-base synonyms is left alone: which one is meant is not known.
 */
export function createEnSynonymCorrector(): TypoCorrector {
  const vocabulary = new Set<string>();
  // A WordNet base form -> the knowledge-base word written for it.
  const byBase = new Map<string, string>();
  const cache = new Map<string, string | undefined>();

  function synonymIn(word: string): string | undefined {
    if (word.length < MIN_WORD_LENGTH || vocabulary.has(word)) return undefined;
    if (baseForms(word).some((base) => byBase.has(base))) return undefined;
    const targets = new Set(firstSenseSynonyms(word).flatMap((s) => byBase.get(s) ?? []));
    return targets.size === 1 ? [...targets][0] : undefined;
  }

  return {
    learn(words) {
      for (const word of words) {
        if (!LEARNABLE_WORD.test(word) || vocabulary.has(word)) continue;
        vocabulary.add(word);
        for (const base of baseForms(word)) if (!byBase.has(base) || word === base) byBase.set(base, word);
      }
      cache.clear();
    },
    correct(text) {
      const corrections: Correction[] = [];
      const corrected = text.replace(/[a-z]+/g, (word) => {
        if (!cache.has(word)) {
          if (cache.size >= CACHE_LIMIT) cache.clear();
          cache.set(word, synonymIn(word));
        }
        const target = cache.get(word);
        if (!target) return word;
        corrections.push({ from: word, to: target });
        return target;
      });
      return { text: corrected, corrections };
    },
  };
}
