import type { Segmenter } from '../ports/segmenter.ts';
import { QUANTITY_TERM } from '../text/chinese-numerals.ts';
import { hasHan, isLatinWord } from '../text/script.ts';
import { isGrammarCharacter } from '../text/grammar-characters.ts';
import { chineseDictionary, jiebaStopWords } from './chinese-dictionary.ts';
import { createJiebaCutter, type JiebaCutter } from './jieba-cutter.ts';
import { stemEnglish } from './english-stemmer.ts';

/**
 * jieba guesses words its dictionary lacks (HMM) and sometimes glues a grammar character to a noun ("课是"):
 * such a guess is cut back into the noun and the grammar character.
 */
function splitGuessedGrammar(word: string, cutter: JiebaCutter): string[] {
  const chars = Array.from(word);
  if (chars.length !== 2 || cutter.has(word) || chineseDictionary().has(word)) return [word];
  return chars.some(isGrammarCharacter) ? chars : [word];
}

/**
 * Segmenter on nodejieba (Chinese) with Porter stemming for English words. Mixed zh/en text is
 * split by jieba first; Latin tokens are then stemmed.
 * The words added are this segmenter's own (its cutter's), not nodejieba's process-wide dictionary's.
 *
 * @example createJiebaSegmenter().segment('少儿英语1对1多少钱') // ['少儿英语', '1对1', '多少', '钱']
 */
export function createJiebaSegmenter(cutter: JiebaCutter = createJiebaCutter()): Segmenter {
  let stopTokens: Set<string> | undefined;
  return {
    segment(text) {
      const tokens: string[] = [];
      for (const chunk of text.split(' ')) {
        if (!chunk) continue;
        if (!hasHan(chunk)) {
          if (isLatinWord(chunk)) tokens.push(stemEnglish(chunk));
          continue;
        }
        // Split on quantities (odd parts): jieba cuts digits off their measure word and upsets the words around them.
        chunk.split(QUANTITY_TERM).forEach((part, i) => {
          if (i % 2 === 1) return void tokens.push(part);
          for (const word of part ? cutter.cut(part) : []) {
            const w = word.trim();
            if (!w) continue;
            if (hasHan(w)) tokens.push(...splitGuessedGrammar(w, cutter));
            else if (isLatinWord(w)) tokens.push(stemEnglish(w));
          }
        });
      }
      return tokens;
    },
    addWords(words) {
      cutter.addWords([...words].filter((word) => hasHan(word) && word.length >= 2 && word.length <= 12));
    },
    isStopWord(token) {
      // English stop words as segment() returns them: stemmed ("does" -> "doe").
      stopTokens ??= new Set([...jiebaStopWords()].map((w) => (isLatinWord(w) ? stemEnglish(w) : w)));
      return stopTokens.has(token);
    },
  };
}
