/** The longest question an entry may hold (core's validateEntry, the API's schemas). */
export const MAX_QUESTION_LENGTH = 500;

/** A visitor's question on one line: the editor reads a line as a question. */
export const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();

/**
 * A visitor's question as an entry can hold it: one line, at most 500 characters, cut after a whole word
 * (Chinese after any character, never inside an emoji's surrogate pair).
 *
 * @example
 * fitQuestion('x'.repeat(600)).length // 500
 */
export function fitQuestion(text: string): string {
  const line = oneLine(text);
  if (line.length <= MAX_QUESTION_LENGTH) return line;
  let cut = line.slice(0, MAX_QUESTION_LENGTH);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  const inWord = /\w$/.test(cut) && /^\w/.test(line.slice(cut.length));
  const space = cut.lastIndexOf(' ');
  // A word cut in two reads as a typo; a very long "word" (a URL) is cut anyway.
  if (inWord && space > MAX_QUESTION_LENGTH - 60) cut = cut.slice(0, space);
  return cut.trimEnd();
}
