import type { KnowledgeIndex } from '../knowledge/knowledge-index.ts';
import { FUNCTION_CHARS } from '../knowledge/mine-terms.ts';
import { isHanWord, isLatinWord } from '../text/script.ts';

/**
 * True when the query holds a content word (a Chinese word of two or more characters, or an English word;
 * not a stop word, not made of function characters only, like 有什么) that the entry's questions or answer
 * also hold. A weak match that rests on such a word is about the entry's subject; one that rests on single
 * characters and phrasing ("iPhone 16 多少钱" against a price entry: 钱) may be about anything.
 */
export function sharesContentWord(index: KnowledgeIndex, tokens: readonly string[], entryId: string): boolean {
  const content = tokens.filter((t) => (isHanWord(t) || (isLatinWord(t) && /[a-z]/i.test(t))) && !index.parts.segmenter.isStopWord?.(t) && !Array.from(t).every((ch) => FUNCTION_CHARS.has(ch)));
  if (content.length === 0) return false;
  const answer = index.answerTerms(entryId);
  const questions = new Set(index.questionsOf(entryId).flatMap((q) => q.tokens));
  return content.some((t) => answer.has(t) || questions.has(t));
}
