import type { KnowledgeEntry } from '../types.ts';
import { hasHan } from '../text/script.ts';
import type { SentenceEncoderChoice } from './sentence-encoder-choice.ts';

/**
 * How a bot uses the English sentence encoder: `index` encodes every question for vector recall and ranking;
 * `english-questions` (bilingual knowledge bases) keeps the hashing vectors for recall and encodes only the
 * English questions and queries for ranking; `chinese-glosses` (Chinese knowledge bases) encodes the Chinese
 * questions' and queries' English glosses, for ranking; `none`.
 */
export type SentenceEncoderUse = 'index' | 'english-questions' | 'chinese-glosses' | 'none';

/** Share of English questions from which a knowledge base counts as English. */
const ENGLISH_SHARE = 0.8;
/** Share from which its English half is worth encoding. */
const BILINGUAL_SHARE = 0.2;
/** Above this many questions `'auto'` keeps the hashing embedder: encoding costs about 4 ms a question at build time. */
const AUTO_MAX_QUESTIONS = 20_000;

/** Latin letters and no Chinese character. */
export function isEnglishText(text: string): boolean {
  return /[a-z]/i.test(text) && !hasHan(text);
}

export function sentenceEncoderUse(choice: SentenceEncoderChoice, entries: readonly KnowledgeEntry[]): SentenceEncoderUse {
  if (choice !== 'auto') return choice === false ? 'none' : 'index';
  const questions = entries.flatMap((e) => e.questions);
  if (questions.length === 0 || questions.length > AUTO_MAX_QUESTIONS) return 'none';
  const share = englishShare(questions);
  return share >= ENGLISH_SHARE ? 'index' : share >= BILINGUAL_SHARE ? 'english-questions' : 'chinese-glosses';
}

function englishShare(questions: readonly string[]): number {
  return questions.length === 0 ? 0 : questions.filter(isEnglishText).length / questions.length;
}

/** At least ENGLISH_SHARE of the questions are English. */
export function isEnglishKnowledge(entries: readonly KnowledgeEntry[]): boolean {
  return englishShare(entries.flatMap((e) => e.questions)) >= ENGLISH_SHARE;
}
