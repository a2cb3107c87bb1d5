import { Converter } from 'opencc-js/t2cn';
import { attachUnits, chineseNumeralsToDigits, sameMeasureWords } from './chinese-numerals.ts';
import { writtenChinese } from './chinese-colloquial.ts';

/** Longest text the pipeline looks at; longer input is cut (a question is never this long). */
export const MAX_QUERY_CHARS = 1000;

const toSimplified = Converter({ from: 'tw', to: 'cn' });

const INVISIBLE = /[\p{Cc}\p{Cf}\p{Co}\p{Cs}\p{Cn}]/gu;
const PICTOGRAPHS = /[\p{Extended_Pictographic}\u{1F1E6}-\u{1F1FF}\u{FE0F}\u{20E3}\u{1F3FB}-\u{1F3FF}]/gu;
// Punctuation and symbols become spaces, except those that are part of words like "c++", "c#", "3.5".
const PUNCTUATION = /(?![+#])[\p{P}\p{S}]/gu;
// Markup typed or pasted into a question (<b>, </script>, <img src=x onerror=…>, <!-- -->) says nothing it asks:
// the tags go, the text between them stays. A tag starts with a Latin letter right after "<", so "a < b > c" stays.
const MARKUP = /<!--[^]*?-->|<\/?[a-z][a-z0-9-]*(?:\s[^<>]*)?\/?>/giu;

/**
 * Canonical form used for matching: NFKC (full-width → half-width), lower case, traditional → simplified
 * Chinese, spoken forms → written (啥 → 什么), HTML tags, emoji and control characters removed, a hyphen between a Latin letter and a digit dropped, other
 * punctuation → spaces, whitespace collapsed.
 *
 * @example normalizeText('課程可以退款嗎？😀') // '课程可以退款吗'
 */
export function normalizeText(input: string): string {
  let text = input.length > MAX_QUERY_CHARS * 4 ? input.slice(0, MAX_QUERY_CHARS * 4) : input;
  text = text.normalize('NFKC').replace(MARKUP, ' ').replace(PICTOGRAPHS, ' ').replace(INVISIBLE, ' ');
  text = text.toLowerCase();
  text = chineseNumeralsToDigits(writtenChinese(toSimplified(text)));
  // Codes written with or without a hyphen match: w-2 = w2, covid-19 = covid19.
  text = text.replace(/([a-z])-(\d)/gu, '$1$2');
  text = text.replace(/(\d)[.,](\d)/gu, '$1\u0000$2').replace(PUNCTUATION, ' ').replace(/\u0000/gu, '.');
  text = text.replace(/\s+/gu, ' ').trim();
  text = closedCompounds(text);
  text = sameMeasureWords(attachUnits(text));
  return text.length > MAX_QUERY_CHARS ? text.slice(0, MAX_QUERY_CHARS) : text;
}

/** English compounds written open or hyphenated match their closed form: "log in" / "log-in" = "login", "e-mail" = "email". */
const COMPOUNDS: [RegExp, string][] = [
  [/\b(?:log|logg(?:ed|ing)|logs) (?:into|onto|in|on)\b/gu, 'login'],
  [/\be mail(s?)\b/gu, 'email$1'],
  [/\bwi fi\b/gu, 'wifi'],
];
function closedCompounds(text: string): string {
  return /[a-z]/.test(text) ? COMPOUNDS.reduce((t, [pattern, closed]) => t.replace(pattern, closed), text) : text;
}
