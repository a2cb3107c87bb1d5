import { createBot } from '@chatbot/core';
import { describe, expect, it } from 'vitest';
import { backgroundTraining } from './background-training.ts';

const kb = (path: string) => new URL(`../../../../${path}`, import.meta.url).pathname;

describe('backgroundTraining', () => {
  it('says what the bot trains after it starts: fine-tuning for English, glosses for Chinese, English questions for bilingual', async () => {
    const started: Record<string, string> = {};
    for (const [name, path] of [['en', 'examples/shop-en/kb.jsonl'], ['zh', 'examples/education-zh/kb.jsonl'], ['bilingual', 'packages/core/test-fixtures/edu.jsonl']] as const) {
      const bot = await createBot({ knowledge: kb(path), trainInBackground: true });
      expect([name, bot.info().training]).toEqual([name, true]);
      started[name] = backgroundTraining(bot.info().reranker).started;
      bot.close();
    }
    expect(started.en).toMatch(/^fine-tuning the sentence encoder/);
    expect(started.zh).toMatch(/^encoding the English glosses of the knowledge base's Chinese questions/);
    expect(started.bilingual).toMatch(/^encoding the knowledge base's English questions/);
    expect(backgroundTraining('cnn(learned(features))').started).toBe('training the ranker in the background; the bot answers meanwhile');
  });
});
