import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTextCnn, modelFingerprint, saveTextCnn } from './cnn-model-files.ts';
import { loadTensorflow } from './tensor-runtime.ts';
import { trainTextCnnEnsemble } from './train-text-cnn-ensemble.ts';
import { trainTextCnn, type TrainingExample } from './train-text-cnn.ts';

const texts: Record<string, string[]> = {
  refund: ['how do i get a refund', 'can i get my money back', 'refund my order please', 'i want a refund', 'return it for my money'],
  shipping: ['where is my parcel', 'when will my order arrive', 'track my delivery', 'shipping status of my order', 'has my package shipped'],
  password: ['reset my password', 'i forgot my password', 'cannot log in to my account', 'change my login password', 'my password does not work'],
};
// Nine more entries, so that the first model holds questions out (one per entry of four or more, at least ten).
for (const noun of ['invoice', 'coupon', 'warranty', 'membership', 'newsletter', 'gift card', 'address', 'receipt', 'battery']) {
  texts[noun.replace(' ', '_')] = [`where do i find my ${noun}`, `question about the ${noun}`, `help with my ${noun}`, `${noun} problem`, `tell me about ${noun}`];
}
const examples: TrainingExample[] = Object.entries(texts).flatMap(([entryId, list]) => list.map((normalized) => ({ entryId, normalized, tokens: normalized.split(' ') })));
const argmax = (values: Float32Array) => values.reduce((best, v, i, all) => (v > all[best]! ? i : best), 0);

describe('text CNN ensemble', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cnn-ensemble-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('trains models from different seeds, the later ones for the epochs the first chose', async () => {
    const tf = await loadTensorflow();
    const { model, reports } = await trainTextCnnEnsemble(tf, examples, { members: 3, epochs: 12, patience: 12, seed: 3 });
    expect(model.members).toHaveLength(3);
    const fingerprints = model.states().map(modelFingerprint);
    expect(new Set(fingerprints).size).toBe(3);
    const firstRefit = reports.filter((r) => r.member === 1 && r.phase === 'refit').length;
    expect(firstRefit).toBeGreaterThan(0);
    for (const member of [2, 3]) expect(reports.filter((r) => r.member === member).map((r) => r.phase)).toEqual(Array(firstRefit).fill('refit'));
    expect(reports.every((r) => r.members === 3)).toBe(true);

    const vectors = model.embed(examples);
    for (const v of vectors) {
      expect(v.length).toBe(model.dimension);
      expect(Math.hypot(...v)).toBeCloseTo(1, 3);
    }
    vectors.forEach((v, i) => {
      const p = model.entryProbabilities(v);
      expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
      expect(model.entryIds[argmax(p)]).toBe(examples[i]!.entryId);
    });
    // The ensemble's probabilities are the mean of its members'.
    const single = model.members.map((m) => {
      const cos = m.prototypeCosines(m.embed([examples[0]!])[0]!);
      const e = cos.map((c) => Math.exp(c * m.config.scale));
      const z = e.reduce((a, b) => a + b, 0);
      return e.map((x) => x / z);
    });
    const mean = single[0]!.map((_, i) => single.reduce((s, p) => s + p[i]!, 0) / 3);
    const ensemble = model.entryProbabilities(vectors[0]!);
    mean.forEach((p, i) => expect(ensemble[i]).toBeCloseTo(p, 4));

    await saveTextCnn(join(dir, 'ensemble'), model);
    const loaded = await loadTextCnn(join(dir, 'ensemble'));
    expect(loaded.model.states().map(modelFingerprint)).toEqual(fingerprints);
    expect(Array.from(loaded.model.embed([examples[4]!])[0]!)).toEqual(Array.from(vectors[4]!));
  });

  it('loads a single model saved before ensembles existed', async () => {
    const tf = await loadTensorflow();
    const { model } = await trainTextCnn(tf, examples, { epochs: 3, seed: 2 });
    const { weights, ...meta } = model.state();
    // The earlier format: one model's state at the top level of text-cnn.json, its weights alone in the weights file.
    await mkdir(join(dir, 'single'));
    await writeFile(join(dir, 'single', 'text-cnn.weights.bin'), new Uint8Array(weights.buffer, weights.byteOffset, weights.byteLength));
    await writeFile(join(dir, 'single', 'text-cnn.json'), JSON.stringify({ ...meta, fingerprint: modelFingerprint({ weights }) }));
    const loaded = await loadTextCnn(join(dir, 'single'));
    expect(loaded.model.members).toHaveLength(1);
    expect(loaded.model.dimension).toBe(model.config.outDim);
    expect(Array.from(loaded.model.embed([examples[0]!])[0]!)).toEqual(Array.from(model.embed([examples[0]!])[0]!));
  });
});
