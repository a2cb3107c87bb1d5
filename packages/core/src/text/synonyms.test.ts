import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBot } from '../create-bot.ts';
import { formatSynonyms, loadSynonyms, parseSynonyms } from '../knowledge/load-synonyms.ts';
import { createSynonymRewriter } from './synonyms.ts';

describe('createSynonymRewriter', () => {
  it('rewrites every variant to the first word of its group, longest variant first, in one pass', () => {
    const rewrite = createSynonymRewriter([
      ['数学', '奥数', '奥林匹克数学'],
      ['第二个孩子', '老二'],
    ]);
    expect(rewrite('有奥林匹克数学吗')).toBe('有数学吗');
    expect(rewrite('老二能学奥数吗')).toBe('第2个孩子能学数学吗');
    expect(rewrite('退款多久到账')).toBe('退款多久到账');
  });
  it('replaces Latin variants as whole words only', () => {
    const rewrite = createSynonymRewriter([['client', 'app']]);
    expect(rewrite('where is the app')).toBe('where is the client');
    expect(rewrite('apple pay happens')).toBe('apple pay happens');
    expect(createSynonymRewriter([['C#', 'c sharp']])('学 c sharp 的课程')).toBe('学 c# 的课程');
  });
  it('does nothing without groups', () => {
    expect(createSynonymRewriter([])('有奥数吗')).toBe('有奥数吗');
  });
  it('lists every bad group: too few words, a one-character Chinese variant, a variant two groups claim', () => {
    let error: unknown;
    try {
      createSynonymRewriter([['卡顿', '卡'], ['固定'], ['数学', '奥数'], ['竞赛', '奥数']]);
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({ code: 'CORE_SYNONYMS_INVALID' });
    expect((error as { problems: { line: number }[] }).problems.map((p) => p.line)).toEqual([1, 2, 4]);
  });
});

describe('loadSynonyms', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'chatbot-synonyms-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('reads a text table (comments, full-width commas, phrases with spaces) and a JSON one', async () => {
    await writeFile(join(dir, 'a.txt'), '# comment\n固定， 锁定、固定下来\n\ncredit card, card # trailing comment\nC#, c sharp\n');
    expect(await loadSynonyms(join(dir, 'a.txt'))).toEqual([['固定', '锁定', '固定下来'], ['credit card', 'card'], ['C#', 'c sharp']]);
    await writeFile(join(dir, 'b.json'), JSON.stringify([['数学', '奥数']]));
    expect(await loadSynonyms(join(dir, 'b.json'))).toEqual([['数学', '奥数']]);
  });
  it('reports problems by line, a bad JSON shape and a missing file', async () => {
    await writeFile(join(dir, 'bad.txt'), '# comment\n数学, 奥数\n固定\n');
    await expect(loadSynonyms(join(dir, 'bad.txt'))).rejects.toMatchObject({ code: 'CORE_SYNONYMS_INVALID', problems: [{ line: 3, message: 'a group needs at least two different words' }] });
    await writeFile(join(dir, 'bad.json'), '{"数学": "奥数"}');
    await expect(loadSynonyms(join(dir, 'bad.json'))).rejects.toMatchObject({ code: 'CORE_SYNONYMS_INVALID' });
    await expect(loadSynonyms(join(dir, 'missing.txt'))).rejects.toMatchObject({ code: 'CORE_SYNONYMS_INVALID' });
  });
});

describe('parseSynonyms', () => {
  it('reads a table from text and writes it back', () => {
    const groups = parseSynonyms('# 退款类\n退款, 退钱，退费\n\nC#, c sharp # language\n');
    expect(groups).toEqual([['退款', '退钱', '退费'], ['C#', 'c sharp']]);
    expect(parseSynonyms(formatSynonyms(groups))).toEqual(groups);
    expect(parseSynonyms('')).toEqual([]);
  });
  it('names every bad line, counting comments and blank lines', () => {
    expect(() => parseSynonyms('# comment\n\n退款\n数学, 奥数\n费用, 奥数')).toThrow(expect.objectContaining({ code: 'CORE_SYNONYMS_INVALID', problems: [{ line: 3, message: 'a group needs at least two different words' }, { line: 5, message: '"奥数" is already a variant of "数学"' }] }));
  });
});

describe('a bot with a synonym table', () => {
  const knowledge = [
    { id: 'math', questions: ['有数学课吗', '数学课怎么上'], answer: '数学思维课面向 5–12 岁。' },
    { id: 'teacher', questions: ['老师有资格证吗', '老师是哪里人'], answer: '老师都持有教师资格证。' },
    { id: 'children', questions: ['可以添加第二个孩子吗', '两个孩子能用一个账户吗'], answer: '一个账户最多添加 3 个孩子。' },
  ];
  const synonyms = [['数学', '奥数'], ['第二个孩子', '老二']];

  it('finds the entry through a variant the questions never use', async () => {
    const bot = await createBot({ knowledge, synonyms, sentenceEncoder: false });
    const withTable = await bot.ask({ text: '有奥数吗' });
    expect(withTable.candidates[0]?.entryId).toBe('math');
    expect(withTable.trace.find((t) => t.stage === 'normalize')?.detail).toEqual({ text: '有数学吗' });
    expect((await bot.ask({ text: '老二也能加进来吗' })).candidates[0]?.entryId).toBe('children');
    const plain = await (await createBot({ knowledge, sentenceEncoder: false })).ask({ text: '有奥数吗' });
    expect(withTable.candidates[0]!.score).toBeGreaterThan(plain.candidates.find((c) => c.entryId === 'math')?.score ?? 0);
  });

  it('rebuilds a saved index when the table changes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'chatbot-synonyms-index-'));
    try {
      await createBot({ knowledge, synonyms, indexDir: dir, sentenceEncoder: false });
      expect((await createBot({ knowledge, synonyms, indexDir: dir, sentenceEncoder: false })).info().source).toBe('snapshot');
      expect((await createBot({ knowledge, synonyms: [['数学', '奥数']], indexDir: dir, sentenceEncoder: false })).info().source).toBe('built');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses a bad table before building anything', async () => {
    await expect(createBot({ knowledge, synonyms: [['卡顿', '卡']] })).rejects.toMatchObject({ code: 'CORE_SYNONYMS_INVALID' });
  });
});
