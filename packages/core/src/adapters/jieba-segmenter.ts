import jieba from 'nodejieba';
import type { Segmenter } from '../ports/segmenter.ts';
import { QUANTITY_TERM } from '../text/chinese-numerals.ts';
import { hasHan, isLatinWord } from '../text/script.ts';
import { isGrammarCharacter } from '../text/grammar-characters.ts';
import { chineseDictionary, jiebaStopWords } from './chinese-dictionary.ts';
import { stemEnglish } from './english-stemmer.ts';

const added = new Set<string>();

/**
 * jieba guesses words its dictionary lacks (HMM) and sometimes glues a grammar character to a noun ("课是"):
 * such a guess is cut back into the noun and the grammar character.
 */
function splitGuessedGrammar(word: string): string[] {
  const chars = Array.from(word);
  if (chars.length !== 2 || added.has(word) || chineseDictionary().has(word)) return [word];
  return chars.some(isGrammarCharacter) ? chars : [word];
}

/**
 * Segmenter on nodejieba (Chinese) with Porter stemming for English words. Mixed zh/en text is
 * split by jieba first; Latin tokens are then stemmed.
 * nodejieba's dictionary is process-wide, so words added by one bot are known to all bots in the process.
 *
 * @example createJiebaSegmenter().segment('少儿英语1对1多少钱') // ['少儿英语', '1对1', '多少', '钱']
 */
export function createJiebaSegmenter(): Segmenter {
  // nodejieba reads its dictionaries on first use (about 2 s): do it now, not on a visitor's first question.
  jieba.cut('预热', true); // loads only if not loaded yet; load() itself would drop words already inserted
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
          for (const word of part ? jieba.cut(part, true) : []) {
            const w = word.trim();
            if (!w) continue;
            if (hasHan(w)) tokens.push(...splitGuessedGrammar(w));
            else if (isLatinWord(w)) tokens.push(stemEnglish(w));
          }
        });
      }
      return tokens;
    },
    addWords(words) {
      for (const word of words) {
        if (!hasHan(word) || word.length < 2 || word.length > 12 || added.has(word)) continue;
        jieba.insertWord(word);
        added.add(word);
      }
    },
    isStopWord(token) {
      // English stop words as segment() returns them: stemmed ("does" -> "doe").
      stopTokens ??= new Set([...jiebaStopWords()].map((w) => (isLatinWord(w) ? stemEnglish(w) : w)));
      return stopTokens.has(token);
    },
  };
}
