const DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const POWERS: Record<string, number> = { 十: 10, 百: 100, 千: 1000, 万: 10_000 };
const NUMERAL = '[零〇一二两三四五六七八九十百千万]+';
const NUMERAL_CHAR = /[零〇一二两三四五六七八九十百千万]/u;
/**
 * Measure words and units after which a numeral is a quantity ("三岁", "两个孩子", "七点"). Words where
 * 一 is not a number ("一直", "一般", "一起", "十分") are not followed by one of these.
 */
const UNITS = ['课时', '年级', '学期', '小时', '分钟', '星期', '对', '个', '位', '名', '次', '节', '堂', '门', '岁', '级', '年', '月', '周', '天', '日', '点', '元', '块', '倍', '折', '人', '张', '本', '套', '份', '期', '遍', '种', '台', '部', '件', '条', '页', '届', '号', '楼', '万'];
// Not after 同/唯/统: 同一 (same), 唯一 (only), 统一 (unified) are words.
const QUANTITY = new RegExp(`(?<![同唯统])(第)?(${NUMERAL})(?=${UNITS.join('|')})`, 'gu');
const ORDINAL = new RegExp(`第(${NUMERAL})`, 'gu');
const PAIR = new RegExp(`(${NUMERAL})对(${NUMERAL})`, 'gu');
/** A counted or ordered quantity once written in digits ("1对1", "3岁", "第2个"): one index term, not jieba's "1", "对", "1". */
export const QUANTITY_TERM = new RegExp(`(第?\\d+(?:对\\d+|${UNITS.join('|')}))`, 'u');

const SPACED_UNIT = new RegExp(`(\\d) (?=${UNITS.join('|')})`, 'gu');
// "1 对 1" whole, as QUANTITY_TERM reads it: joining only the first space would make "1对" a quantity and leave "1" alone.
const SPACED_PAIR = /(\d) ?对 ?(\d)/gu;

/**
 * A number and its unit written apart ("3 个工作日", "200 节", the usual typesetting of answers) joined as
 * visitors type them ("3个工作日"), so both make the same quantity term.
 *
 * @example attachUnits('200 节课包 30 个月') // '200节课包 30个月'
 * @example attachUnits('1 对 1 多少钱') // '1对1 多少钱'
 */
export function attachUnits(text: string): string {
  return text.replace(SPACED_PAIR, '$1对$2').replace(SPACED_UNIT, '$1');
}

/** Measure words that count the same thing, after a number: 堂/节 (lessons), 位/名/个 (people), 块/元 (money). */
const SAME_MEASURE: [RegExp, string][] = [
  [/(\d)堂/gu, '$1节'],
  [/(?<!第\d*)(\d)[位名]/gu, '$1个'],
  [/(\d)块/gu, '$1元'],
];

/**
 * One measure word for each thing counted, so "一堂课" matches "一节课", "两位老师" "两个老师" and "80块" "80元"
 * (the numbers already in digits). An ordinal keeps its word: "第1名" is a rank, not a person.
 *
 * @example sameMeasureWords('1堂课 2位老师 80块') // '1节课 2个老师 80元'
 */
export function sameMeasureWords(text: string): string {
  return /\d/.test(text) ? SAME_MEASURE.reduce((t, [pattern, unit]) => t.replace(pattern, unit), text) : text;
}

/**
 * 十二 → 12, 一百零五 → 105, 两万 → 20000, 一九九八 → 1998; undefined when it is not one number: "两三"
 * and "三五" are approximations ("two or three"), not 23 and 35.
 */
export function parseChineseNumber(text: string): number | undefined {
  const chars = [...text];
  if (chars.every((c) => c in DIGITS)) return chars.length === 1 || chars.length >= 3 ? Number(chars.map((c) => DIGITS[c]).join('')) : undefined;
  let total = 0;
  let section = 0;
  let digit: number | undefined;
  for (const c of text) {
    if (DIGITS[c] === 0) continue;
    if (c in DIGITS) {
      if (digit !== undefined) return undefined;
      digit = DIGITS[c]!;
    } else if (c === '万') {
      total += (section + (digit ?? (section === 0 ? 1 : 0))) * 10_000;
      section = 0;
      digit = undefined;
    } else if (c in POWERS) {
      section += (digit ?? 1) * POWERS[c]!;
      digit = undefined;
    } else return undefined;
  }
  return total + section + (digit ?? 0);
}

function toDigits(numeral: string): string {
  const value = parseChineseNumber(numeral);
  return value === undefined ? numeral : String(value);
}

/**
 * Writes Chinese numerals that count or order something as digits, so "一对一" matches "1对1", "三岁" matches
 * "3岁" and "第二个" matches "第2个". A numeral must be followed by a measure word or unit, be ordinal
 * (第…) or be part of "X对X"; other 一s ("一直", "一般", "统一") are words, not numbers, and are kept.
 *
 * @example chineseNumeralsToDigits('一对一课程两节连上') // '1对1课程2节连上'
 */
export function chineseNumeralsToDigits(text: string): string {
  if (!NUMERAL_CHAR.test(text)) return text;
  return text
    .replace(PAIR, (match: string, a: string, b: string, offset: number, whole: string) => {
      // "一对一一节": the second number is the longest start of the run that reads as one number.
      let n = b.length;
      while (n > 0 && parseChineseNumber(b.slice(0, n)) === undefined) n--;
      if (n === 0 || parseChineseNumber(a) === undefined) return match;
      return spaced(`${toDigits(a)}对${toDigits(b.slice(0, n))}`, whole, offset, a.length + 1 + n) + b.slice(n);
    })
    .replace(ORDINAL, (match: string, n: string, offset: number, whole: string) => spaced(`第${toDigits(n)}`, whole, offset, match.length))
    .replace(QUANTITY, (match: string, ordinal: string | undefined, n: string, offset: number, whole: string) => (ordinal ? match : spaced(toDigits(n), whole, offset, match.length)));
}

/** A number written as digits never runs into a digit beside it ("1对1" then "一节": "1对1 1节", not "1对11节"). */
function spaced(digits: string, whole: string, offset: number, length: number): string {
  const before = whole[offset - 1] ?? '';
  const after = whole[offset + length] ?? '';
  return `${/\d/.test(before) ? ' ' : ''}${digits}${/\d/.test(after) || NUMERAL_CHAR.test(after) ? ' ' : ''}`;
}
