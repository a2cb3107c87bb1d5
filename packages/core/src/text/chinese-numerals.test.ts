import { describe, expect, it } from 'vitest';
import { attachUnits, chineseNumeralsToDigits, parseChineseNumber, sameMeasureWords } from './chinese-numerals.ts';
import { normalizeText } from './normalize-text.ts';

describe('parseChineseNumber', () => {
  it.each([
    ['十一', 11],
    ['二十', 20],
    ['一百零五', 105],
    ['三千零二十', 3020],
    ['两万', 20_000],
    ['万', 10_000],
    ['十二万', 120_000],
    ['一九九八', 1998],
  ])('reads %s as %d', (text, value) => {
    expect(parseChineseNumber(text)).toBe(value);
  });
  it('refuses what is not a number', () => {
    expect(parseChineseNumber('一对一')).toBeUndefined();
    expect(parseChineseNumber('三五')).toBeUndefined();
    expect(parseChineseNumber('十三五')).toBeUndefined();
  });
});

describe('chineseNumeralsToDigits', () => {
  it.each([
    ['一对一多少钱', '1对1多少钱'],
    ['第二个孩子', '第2个孩子'],
    ['三岁能学吗', '3岁能学吗'],
    ['早上七点能上课吗', '早上7点能上课吗'],
    ['要出国三个月', '要出国3个月'],
    ['十分钟', '10分钟'],
    ['两万元', '20000元'],
    ['一对一两节课', '1对1 2节课'],
    ['1对1一节多久', '1对1 1节多久'],
    ['一对一一节多久', '1对1 1节多久'],
  ])('writes the quantity in %s as digits', (text, expected) => {
    expect(chineseNumeralsToDigits(text)).toBe(expected);
  });
  it.each(['一直跟同一个老师上', '一般几个小朋友', '十分满意', '万一孩子病了', '统一收费', '上课时间能改一下吗', '星期一', '两三个孩子', '等三五天'])('keeps the words in %s', (text) => {
    expect(chineseNumeralsToDigits(text)).toBe(text);
  });
  it('keeps neighbouring numbers apart, so one never runs into the next', async () => {
    const { createJiebaSegmenter } = await import('../adapters/jieba-segmenter.ts');
    expect(createJiebaSegmenter().segment(normalizeText('1对1一节多久'))).toEqual(['1对1', '1节', '多久']);
  });
  it('makes a query with digits and a question with numerals read alike', () => {
    expect(normalizeText('1对1外教课多少钱')).toBe(normalizeText('一对一外教课多少钱'));
    expect(normalizeText('３岁能学吗')).toBe(normalizeText('三岁能学吗'));
  });
});

describe('attachUnits', () => {
  it('joins a number to the unit set apart from it, as visitors type it', () => {
    expect(attachUnits('200 节课包 30 个月')).toBe('200节课包 30个月');
    expect(normalizeText('3 个工作日内退回')).toBe(normalizeText('3个工作日内退回'));
    expect(attachUnits('1 对 1 多少钱')).toBe('1对1 多少钱');
  });

  it('leaves a number before a word that is no unit, and Latin text', () => {
    expect(attachUnits('iphone 16 多少钱')).toBe('iphone 16 多少钱');
    expect(attachUnits('page 3 of 10')).toBe('page 3 of 10');
  });
});

describe('sameMeasureWords', () => {
  it('counts lessons, people and money with one measure word each, after a number only', () => {
    expect(sameMeasureWords('1堂课 2位老师 3名学生 80块')).toBe('1节课 2个老师 3个学生 80元');
    expect(sameMeasureWords('课堂 一块 名师 哪位')).toBe('课堂 一块 名师 哪位');
    expect(sameMeasureWords('第1名 第12位')).toBe('第1名 第12位');
  });
});
