import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBot, type Bot } from './create-bot.ts';
import { CoreError } from './errors.ts';
import { hasHan } from './text/script.ts';

const KB = new URL('../test-fixtures/edu.jsonl', import.meta.url).pathname;

describe('createBot over a small bilingual knowledge base', () => {
  let bot: Bot;
  beforeAll(async () => {
    bot = await createBot({ knowledge: KB });
  });

  it.each([
    ['课程可以退宽吗', 'refund'],
    ['可以用支付保付钱吗', 'pay-alipay'],
    ['課程可以退款嗎', 'refund'],
    ['试听课怎么预月', 'trial'],
    ['账护密码忘记了', 'account-password'],
    ['how do I change my adress', 'en-address'],
    ['when will i recieve my order', 'en-shipping'],
  ])('answers %s with %s', async (text, id) => {
    const outcome = await bot.ask({ text });
    expect(outcome.candidates[0]?.entryId).toBe(id);
    expect(outcome.kind).not.toBe('no-answer');
  });

  it('does not answer an out-of-scope question', async () => {
    const outcome = await bot.ask({ text: '明天北京天气怎么样' });
    expect(outcome.kind).not.toBe('answer');
  });

  it('explains itself in the trace, stage by stage', async () => {
    const outcome = await bot.ask({ text: '课程可以退宽吗' });
    expect(outcome.trace.map((t) => t.stage)).toEqual(['normalize', 'correct-typos', 'segment', 'recall-lexical', 'recall-vector', 'rerank', 'context', 'asked-figure', 'small-talk', 'decide']);
    expect(JSON.stringify(outcome.trace[1]?.detail)).toContain('退款');
  });

  it.each([
    ['empty', ''],
    ['whitespace', '   \n\t'],
    ['100 KB', '退款'.repeat(50_000)],
    ['binary', String.fromCharCode(...Array.from({ length: 2000 }, (_, i) => i % 256))],
    ['only emoji', '😀😀🎉'],
    ['SQL', "'; DROP TABLE users; --"],
    ['HTML', '<script>alert(1)</script><img src=x onerror=alert(1)>'],
    ['lone surrogates', '\ud800\udc00\ud800 退款'],
  ])('returns a value for %s input, never throws', async (_name, text) => {
    const outcome = await bot.ask({ text });
    expect(['answer', 'suggest', 'no-answer', 'small-talk']).toContain(outcome.kind);
  });

  it.each([
    ['你好', 'greeting'],
    ['在吗？', 'greeting'],
    ['谢谢你呀', 'thanks'],
    ['Thank you!', 'thanks'],
    ['bye', 'goodbye'],
    ['你是机器人吗', 'who-are-you'],
    ['are you a bot?', 'who-are-you'],
    ['你们客服真是垃圾', 'abuse'],
    ['讲个笑话', 'out-of-scope'],
    ['tell me a joke', 'out-of-scope'],
    ['是', 'ok'],
    ['yes', 'ok'],
    ['no', 'no'],
    ['不用了', 'no'],
  ])('replies to small talk %s as %s, not with an FAQ answer', async (text, intent) => {
    const outcome = await bot.ask({ text });
    expect(outcome.kind === 'small-talk' && outcome.intent).toBe(intent);
    expect(outcome.kind === 'small-talk' && outcome.text).toMatch(hasHan(text) ? /[\u4e00-\u9fff]/u : /^[\x00-\x7f’]+$/u);
  });

  it.each([
    ['课程可以退款吗', '你是谁', 'who-are-you'],
    ['课程可以退款吗', '非常感谢', 'thanks'],
    ['can I get a refund', 'are you a bot', 'who-are-you'],
    ['can I get a refund', 'thank you so much', 'thanks'],
    ['can I get a refund', 'thanks a lot', 'thanks'],
  ])('after "%s" takes "%s" as small talk (%s), not as a follow-up repeating the answer', async (first, text, intent) => {
    const answered = await bot.ask({ text: first });
    const history = [
      { role: 'user' as const, text: first },
      { role: 'bot' as const, text: answered.kind === 'answer' ? answered.text : '', entryId: answered.kind === 'answer' ? answered.entryId : 'refund' },
    ];
    const outcome = await bot.ask({ text, history });
    expect(outcome.kind === 'small-talk' && outcome.intent).toBe(intent);
  });

  it('answers the question when a greeting comes with one', async () => {
    const outcome = await bot.ask({ text: '你好，课程可以退款吗' });
    expect(outcome.kind === 'answer' && outcome.entryId).toBe('refund');
  });

  it('keeps the topic across a small-talk turn', async () => {
    const first = await bot.ask({ text: '课程可以退款吗' });
    const history = [
      { role: 'user' as const, text: '课程可以退款吗' },
      { role: 'bot' as const, text: first.kind === 'answer' ? first.text : '', entryId: first.kind === 'answer' ? first.entryId : 'refund' },
      { role: 'user' as const, text: '谢谢' },
      { role: 'bot' as const, text: '不客气', entryId: 'small-talk:thanks' },
    ];
    const outcome = await bot.ask({ text: '那多久到账呢', history });
    const rewrite = outcome.trace.find((t) => t.stage === 'context')?.detail;
    expect(rewrite).toMatchObject({ previousEntry: 'refund' });
  });

  it('uses a replaced small-talk corpus, or none', async () => {
    const custom = await createBot({ knowledge: KB, smallTalk: [{ intent: 'weather', phrases: ['天气不错'], answers: { zh: '是呀！', en: 'Indeed!' } }] });
    expect(await custom.ask({ text: '天气不错' })).toMatchObject({ kind: 'small-talk', intent: 'weather', text: '是呀！' });
    expect((await custom.ask({ text: '你好' })).kind).not.toBe('small-talk');
    const silent = await createBot({ knowledge: KB, smallTalk: [] });
    expect((await silent.ask({ text: '谢谢' })).kind).not.toBe('small-talk');
  });

  it('returns a value when input is not even a string', async () => {
    const outcome = await bot.ask({ text: 42 as unknown as string, history: 'nope' as never });
    expect(outcome.kind).toBe('no-answer');
  });
});

describe('live knowledge-base edits and snapshots', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'chatbot-core-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('adds, updates and removes entries without rebuilding', async () => {
    const bot = await createBot({ knowledge: KB });
    expect((await bot.ask({ text: '外教是哪里人' })).candidates[0]?.entryId).not.toBe('teachers');
    await bot.upsert({ id: 'teachers', questions: ['外教是哪里人', '老师是哪个国家的'], answer: '外教来自英美加澳。' });
    const answered = await bot.ask({ text: '外教都是哪里人' });
    expect(answered.kind === 'answer' && answered.entryId).toBe('teachers');
    await bot.trained(); // the ranker retrains in the background; the answer stays right after it
    const retrained = await bot.ask({ text: '外教都是哪里人' });
    expect(retrained.kind === 'answer' && retrained.entryId).toBe('teachers');
    await bot.upsert({ id: 'teachers', questions: ['外教是哪里人'], answer: '外教全部来自英国。' });
    const updated = await bot.ask({ text: '外教是哪里人' });
    expect(updated.kind === 'answer' && updated.text).toBe('外教全部来自英国。');
    expect(await bot.remove('teachers')).toBe(true);
    expect((await bot.ask({ text: '外教是哪里人' })).candidates.some((c) => c.entryId === 'teachers')).toBe(false);
    await expect(bot.upsert({ id: '', questions: [], answer: '' })).rejects.toBeInstanceOf(CoreError);
  });

  it('saves its index and reloads it from the snapshot with the same answers', async () => {
    const built = await createBot({ knowledge: KB, indexDir: dir });
    expect(built.info().source).toBe('built');
    const reloaded = await createBot({ knowledge: KB, indexDir: dir });
    expect(reloaded.info().source).toBe('snapshot');
    for (const text of ['课程可以退宽吗', 'how long does shiping take', '发票怎么开']) {
      const [a, b] = [await built.ask({ text }), await reloaded.ask({ text })];
      expect(b.candidates.map((c) => [c.entryId, c.score])).toEqual(a.candidates.map((c) => [c.entryId, c.score]));
    }
  });

  it('rebuilds over a snapshot written by another version instead of failing', async () => {
    const manifestPath = join(dir, 'manifest.json');
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as { version: number };
    await writeFile(manifestPath, JSON.stringify({ ...manifest, version: manifest.version - 1 }));
    const rebuilt = await createBot({ knowledge: KB, indexDir: dir });
    expect(rebuilt.info().source).toBe('built');
    expect((await createBot({ knowledge: KB, indexDir: dir })).info().source).toBe('snapshot');
  });
});
