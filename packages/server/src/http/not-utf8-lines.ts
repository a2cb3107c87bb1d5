import type { KnowledgeProblem } from '@chatbot/core';

/**
 * Lines of an uploaded text file that were not UTF-8 (decoding turned their bytes into U+FFFD), e.g. a CSV
 * saved by Excel as GBK: reported instead of importing garbled text.
 */
export function notUtf8Lines(text: string): KnowledgeProblem[] {
  return text.split('\n').flatMap((line, i) => (line.includes('\uFFFD') ? [{ line: i + 1, message: 'not UTF-8 text: save the file as UTF-8 (in Excel: "CSV UTF-8") and import it again' }] : []));
}
