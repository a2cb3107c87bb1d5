import { hasHan } from './script.ts';

/** The first of an entry's questions written in the script of the visitor's text (Chinese or not), if any. */
export function firstQuestionInScriptOf(questions: readonly string[], visitorText: string): string | undefined {
  const wantsHan = hasHan(visitorText);
  return questions.find((question) => hasHan(question) === wantsHan);
}

/**
 * The question to show a visitor for an entry: the one that matched, unless it is written in the other
 * script (an English question offered to a visitor who wrote Chinese, or the reverse), in which case the
 * entry's first question in the visitor's script. A follow-up ranks on the previous question and the new
 * one together, so the best match can be in either language.
 */
export function questionInScriptOf(matched: string, questions: readonly string[], visitorText: string): string {
  if (!hasHan(visitorText) && !/[a-z]/i.test(visitorText)) return matched;
  if (hasHan(matched) === hasHan(visitorText)) return matched;
  return firstQuestionInScriptOf(questions, visitorText) ?? matched;
}
