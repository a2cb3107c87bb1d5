import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoreError } from '../errors.ts';
import { DEFAULT_SMALL_TALK } from './default-small-talk.ts';
import { loadSmallTalk, parseSmallTalk } from './load-small-talk.ts';
import { createSmallTalkMatcher } from './match-small-talk.ts';

describe('small-talk corpus', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'small-talk-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('loads a YAML corpus that the matcher then uses', async () => {
    const path = join(dir, 'talk.yaml');
    await writeFile(path, ['- intent: weather', '  phrases: [天气真好, nice weather]', '  answers: { zh: 是呀, en: Indeed }'].join('\n'));
    const match = createSmallTalkMatcher(await loadSmallTalk(path));
    expect(match('天气真好')).toEqual({ intent: 'weather', text: '是呀' });
    expect(match('nice weather')).toEqual({ intent: 'weather', text: 'Indeed' });
    expect(match('你好')).toBeUndefined();
  });

  it('lists every bad item with its position', () => {
    const bad = [{ intent: 'ok', phrases: ['ok'], answers: { zh: '好', en: 'ok' } }, { intent: '', phrases: ['x'] }, { intent: 'x', phrases: [], answers: { zh: 'a', en: 'b' } }, { intent: 'y', phrases: ['y'], answers: { zh: 'a' } }];
    try {
      parseSmallTalk(bad);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(CoreError);
      expect((error as CoreError).problems.map((p) => p.line)).toEqual([2, 3, 4]);
    }
  });

  it('refuses malformed JSON with a clear message', async () => {
    const path = join(dir, 'broken.json');
    await writeFile(path, '[{"intent": ');
    await expect(loadSmallTalk(path)).rejects.toThrow(/not valid JSON/);
    await expect(loadSmallTalk(join(dir, 'missing.json'))).rejects.toThrow(/cannot read/);
  });

  it('matches only short whole messages, except abuse anywhere', () => {
    const match = createSmallTalkMatcher(DEFAULT_SMALL_TALK);
    expect(match('嗯')?.intent).toBe('ok');
    expect(match('are you a bot')?.intent).toBe('who-are-you');
    expect(match('hello, i want to know how refunds work for my order')).toBeUndefined();
    expect(match('你好我想问一下退款的流程是什么')).toBeUndefined();
    expect(match('this bot is useless')?.intent).toBe('abuse');
    expect(match('谢谢')?.text).toMatch(/不客气/);
  });
});
