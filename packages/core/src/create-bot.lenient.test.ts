import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBot } from './create-bot.ts';

const row = (id: string, question: string, answer: string) => JSON.stringify({ id, questions: [question], answer });

/** Lenient mode loads the good rows of a knowledge file and says which it skipped. */
describe('createBot({ lenient: true })', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'chatbot-lenient-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('lists the rows it skipped by line on info()', async () => {
    const kb = join(dir, 'kb.jsonl');
    await writeFile(kb, [row('refund', '可以退款吗', '7 天内可退'), 'not json', row('trial', '', '首页预约'), row('trial', '怎么预约试听课', '首页预约')].join('\n'));
    const bot = await createBot({ knowledge: kb, lenient: true, sentenceEncoder: false });
    expect(bot.info()).toMatchObject({ entries: 2, skipped: [{ line: 2, message: expect.stringContaining('not valid JSON') }, { line: 3, message: '"questions" is empty' }] });
    expect((await createBot({ knowledge: [{ id: 'a', questions: ['q'], answer: 'x' }], sentenceEncoder: false })).info().skipped).toEqual([]);
  });
});
