import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBot } from '../create-bot.ts';
import { CoreError } from '../errors.ts';
import { loadTextCnn, modelFingerprint } from './cnn-model-files.ts';
import { loadTensorflow } from './tensor-runtime.ts';
import { trainTextCnn, type TrainingExample } from './train-text-cnn.ts';

const KB = new URL('../../test-fixtures/edu.jsonl', import.meta.url).pathname;

const examples: TrainingExample[] = [
  ...['how do i get a refund', 'can i get my money back', 'refund my order please', 'i want a refund'].map((normalized) => ({ entryId: 'refund', normalized, tokens: normalized.split(' ') })),
  ...['where is my parcel', 'when will my order arrive', 'track my delivery', 'shipping status of my order'].map((normalized) => ({ entryId: 'shipping', normalized, tokens: normalized.split(' ') })),
  ...['reset my password', 'i forgot my password', 'cannot log in to my account', 'change my login password'].map((normalized) => ({ entryId: 'password', normalized, tokens: normalized.split(' ') })),
];

describe('text CNN', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'text-cnn-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('learns the entries of a small knowledge base, the same way for the same seed', async () => {
    const tf = await loadTensorflow();
    const first = await trainTextCnn(tf, examples, { epochs: 25, patience: 25, seed: 3 });
    const second = await trainTextCnn(tf, examples, { epochs: 25, patience: 25, seed: 3 });
    expect(modelFingerprint(first.model.state())).toBe(modelFingerprint(second.model.state()));
    const vectors = first.model.embed(examples);
    const predicted = vectors.map((v) => first.model.entryIds[first.model.prototypeCosines(v).reduce((best, c, i, all) => (c > all[best]! ? i : best), 0)]);
    expect(predicted).toEqual(examples.map((e) => e.entryId));
    expect(first.reports.map((r) => r.epoch)).toEqual(Array.from({ length: first.reports.length }, (_, i) => i + 1));
    expect(first.reports.at(-1)!.loss).toBeLessThan(first.reports[0]!.loss);
    for (const v of vectors) expect(Math.hypot(...v)).toBeCloseTo(1, 3);
  });

  it('is saved by a bot, loaded back for recall and reranking, and gives the same answers', async () => {
    const trained = await createBot({ knowledge: KB, trainCnn: { epochs: 6, seed: 5 } });
    expect(trained.info().reranker).toMatch(/^cnn\(/);
    await trained.saveModel(join(dir, 'model'));
    // A save under way when the bot is closed finishes with the weights; one asked after is refused clearly.
    const closing = await createBot({ knowledge: KB, trainCnn: { epochs: 6, seed: 5 } });
    const saving = closing.saveModel(join(dir, 'closing'));
    closing.close();
    await saving;
    expect((await loadTextCnn(join(dir, 'closing'))).fingerprint).toBe((await loadTextCnn(join(dir, 'model'))).fingerprint);
    await expect(closing.saveModel(join(dir, 'closed'))).rejects.toThrow(/closed/);
    const loaded = await createBot({ knowledge: KB, model: join(dir, 'model') });
    expect(loaded.info().embedder).toMatch(/text-cnn:/); // the base half of the bilingual vectors for this zh+en fixture
    for (const text of ['课程可以退宽吗', 'when will i recieve my order']) {
      const a = await trained.ask({ text });
      const b = await loaded.ask({ text });
      expect(b.candidates[0]?.entryId).toBe(a.candidates[0]?.entryId);
    }
  });

  it('refuses a missing or damaged model folder clearly', async () => {
    await expect(loadTextCnn(join(dir, 'nothing'))).rejects.toThrow(/no trained model/);
    await writeFile(join(dir, 'model', 'text-cnn.weights.bin'), new Uint8Array(12));
    await expect(loadTextCnn(join(dir, 'model'))).rejects.toBeInstanceOf(CoreError);
    await expect((await createBot({ knowledge: KB })).saveModel(join(dir, 'none'))).rejects.toThrow(/no trained text CNN/);
  });
});
