import { hasHan } from './script.ts';

/**
 * The part of a bilingual answer in the language of the question. An answer written as Chinese lines
 * followed by English lines (the demo's "中文\nEnglish") is cut in two, and a Chinese question gets the
 * Chinese lines, an English one the English lines. Any other answer, and a question in neither language
 * (only digits or emoji), gets the whole text.
 */
export function answerInLanguageOf(answer: string, question: string): string {
  const lines = answer.split('\n');
  const firstLatin = lines.findIndex((line) => line.trim() !== '' && !hasHan(line));
  if (firstLatin <= 0) return answer;
  const [chinese, english] = [lines.slice(0, firstLatin), lines.slice(firstLatin)];
  // The English part must read as prose (three words in a line), not a link or a code under the Chinese.
  if (english.some(hasHan) || !english.some((line) => /[a-z]+\s+[a-z]+\s+[a-z]+/i.test(line))) return answer;
  if (hasHan(question)) return chinese.join('\n').trim();
  return /[a-z]/i.test(question) ? english.join('\n').trim() : answer;
}
