import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import jieba from 'nodejieba';
import { describe, expect, it } from 'vitest';
import { createJiebaCutter } from './jieba-cutter.ts';

const root = new URL('../../../../', import.meta.url);
const linesOf = (path: string) => readFileSync(new URL(path, root), 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);

/** Every question and query of the Chinese examples. */
function exampleTexts(): string[] {
  const texts = new Set<string>();
  for (const kb of ['examples/education-zh/kb.jsonl', 'examples/demo/kb.jsonl']) for (const entry of linesOf(kb)) for (const q of entry['questions'] as string[]) texts.add(q);
  for (const file of ['examples/education-zh/queries-dev.jsonl', 'examples/education-zh/queries-test.jsonl', 'examples/demo/queries.jsonl', 'examples/demo/queries-7.jsonl']) {
    for (const line of linesOf(file)) texts.add(line['query'] as string);
  }
  return [...texts].filter((t) => /\p{Script=Han}/u.test(t));
}

/** Domain words as a bot learns them (jieba's words of its questions), and spans across those words' edges. */
function wordsOf(texts: readonly string[]): string[] {
  const words = new Set<string>();
  texts.forEach((text, n) => {
    for (const w of jieba.cut(text, true)) if (w.length >= 2) words.add(w);
    const chars = Array.from(text.replace(/[^\p{Script=Han}]/gu, ''));
    const start = (n * 7) % Math.max(1, chars.length - 1);
    words.add(chars.slice(start, start + 2 + (n % 4)).join(''));
  });
  return [...words].filter((w) => w.length >= 2);
}

/** nodejieba's own cut after `insertWord` of each word, in a process of its own (the dictionary is process-wide). */
function nodejiebaCuts(words: readonly string[], texts: readonly string[]): string[][] {
  const script = `
    const jieba = require(${JSON.stringify(createRequire(import.meta.url).resolve('nodejieba'))});
    const { words, texts } = JSON.parse(require('fs').readFileSync(0, 'utf8'));
    jieba.cut('预热', true);
    for (const w of words) jieba.insertWord(w);
    process.stdout.write(JSON.stringify(texts.map((t) => jieba.cut(t, true))));`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { input: JSON.stringify({ words, texts }), maxBuffer: 64 << 20 }).toString()) as string[][];
}

describe('jieba cut with a bot’s own words', () => {
  it('cuts every example text as nodejieba does after inserting the same words', () => {
    const texts = exampleTexts();
    const words = wordsOf(texts);
    expect(texts.length).toBeGreaterThan(500);
    const cutter = createJiebaCutter();
    cutter.addWords(words);
    const expected = nodejiebaCuts(words, texts);
    const differing = texts.flatMap((text, i) => (JSON.stringify(cutter.cut(text)) === JSON.stringify(expected[i]) ? [] : [{ text, ours: cutter.cut(text), nodejieba: expected[i] }]));
    expect(differing).toEqual([]);
    // The words change the cut of many texts: the graph ranked here decides them, not nodejieba's plain cut.
    const changed = texts.filter((text, i) => JSON.stringify(jieba.cut(text, true)) !== JSON.stringify(expected[i]));
    expect(changed.length).toBeGreaterThan(texts.length / 4);
  });

  it('keeps one bot’s words from another bot and from nodejieba itself', () => {
    const text = '小班课怎么约课';
    const before = jieba.cut(text, true);
    const one = createJiebaCutter();
    one.addWords(['小班课', '约课']);
    const other = createJiebaCutter();
    expect(one.cut(text)).toEqual(['小班课', '怎么', '约课']);
    expect(other.cut(text)).toEqual(before);
    expect(jieba.cut(text, true)).toEqual(before);
    expect(before).not.toEqual(one.cut(text));
  });
});
