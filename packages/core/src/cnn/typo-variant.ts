import { hasHan } from '../text/script.ts';

interface Question {
  entryId: string;
  normalized: string;
  tokens: readonly string[];
}

/**
 * A noisy copy of a question for training: an English word of four or more letters loses, doubles or swaps
 * a letter (what visitors type); a Chinese question drops one of its words.
 */
export function typoVariant<T extends Question>(question: T, random: () => number): T {
  if (hasHan(question.normalized)) {
    if (question.tokens.length < 3) return question;
    const drop = Math.floor(random() * question.tokens.length);
    return { ...question, tokens: question.tokens.filter((_, i) => i !== drop) };
  }
  const words = question.normalized.split(' ');
  const candidates = words.map((w, i) => (w.length >= 4 ? i : -1)).filter((i) => i >= 0);
  if (candidates.length === 0) return question;
  const at = candidates[Math.floor(random() * candidates.length)]!;
  const word = words[at]!;
  const p = 1 + Math.floor(random() * (word.length - 2));
  const kind = Math.floor(random() * 3);
  words[at] = kind === 0 ? word.slice(0, p) + word.slice(p + 1) : kind === 1 ? word.slice(0, p) + word[p] + word.slice(p) : word.slice(0, p - 1) + word[p] + word[p - 1] + word.slice(p + 1);
  return { ...question, normalized: words.join(' ') };
}
