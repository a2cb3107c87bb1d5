import type { KnowledgeProblem } from '../errors.ts';

/**
 * Lines of a text file that were not UTF-8 (decoding turned their bytes into U+FFFD), e.g. a CSV saved by Excel
 * as GBK: reported instead of loading garbled questions. The server's import says the same.
 *
 * @example
 * notUtf8Lines(gbkBytes.toString('utf8')); // [{ line: 2, message: 'not UTF-8 text: save the file as UTF-8 …' }]
 */
export function notUtf8Lines(text: string): KnowledgeProblem[] {
  return text.split('\n').flatMap((line, i) => (line.includes('\uFFFD') ? [{ line: i + 1, message: 'not UTF-8 text: save the file as UTF-8 (in Excel: "CSV UTF-8") and import it again' }] : []));
}

/** The bytes as UTF-8 text, or the lines that are not UTF-8 (a U+FFFD written in UTF-8 is text, not a problem). */
export function decodeUtf8(bytes: Uint8Array): { text: string } | { problems: KnowledgeProblem[] } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    return { problems: notUtf8Lines(new TextDecoder('utf-8').decode(bytes)) };
  }
}
