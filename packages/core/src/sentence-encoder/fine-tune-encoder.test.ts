import { describe, expect, it } from 'vitest';
import { loadTensorflow } from '../cnn/tensor-runtime.ts';
import { cosine, scaleToUnitLength } from '../text/similarity.ts';
import { pretrainedTopLayer, tokenBatch, topLayerForward, TOP_LAYER_NAMES, TOP_LAYER_SHAPES, type TopLayerName } from './encoder-top-layer.ts';
import { fineTuneEncoder, lengthBuckets, restoreFineTunedEncoder } from './fine-tune-encoder.ts';
import { seededRandom } from '../random/seeded-random.ts';
import { loadSentenceEncoder } from './sentence-encoder-model.ts';

const kb = [
  { id: 'pto_request', questions: ['i want to request time off', 'can i take next friday off', 'book vacation days for me'] },
  { id: 'pto_status', questions: ['has my time off request been approved', 'what is the status of my vacation request', 'did my pto get approved'] },
  { id: 'balance', questions: ['how many vacation days do i have left', 'what is my pto balance', 'how much time off remains'] },
];
const examplesOf = async (model: Awaited<ReturnType<typeof loadSentenceEncoder>>) => {
  const texts = kb.flatMap((e) => e.questions);
  const states = await model.tokenStates!(texts);
  return kb.flatMap((e) => e.questions.map((text) => ({ entryId: e.id, text, states: states[texts.indexOf(text)]! })));
};

describe('length-bucketed training batches', () => {
  const lengths = Array.from({ length: 103 }, (_, i) => (i * 37) % 23);
  const batchesOf = (seed: number) => lengthBuckets(lengths.map((_, i) => i), (i) => lengths[i]!, 10, seededRandom(seed));

  it('hold every example once, in batches of texts of neighbouring lengths, in an order fixed by the seed', () => {
    const batches = batchesOf(3);
    expect(batches.flat().sort((a, b) => a - b)).toEqual(lengths.map((_, i) => i));
    expect(batches.every((batch) => batch.length <= 10)).toBe(true);
    const ranges = batches.map((batch) => [Math.min(...batch.map((i) => lengths[i]!)), Math.max(...batch.map((i) => lengths[i]!))] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    ranges.slice(1).forEach(([low], k) => expect(low).toBeGreaterThanOrEqual(ranges[k]![1]));
    expect(batchesOf(3)).toEqual(batches);
    expect(batchesOf(4)).not.toEqual(batches);
  });
});

describe('fine-tuning the sentence encoder on a knowledge base', async () => {
  const model = await loadSentenceEncoder();
  const pretrained = pretrainedTopLayer(model)!;

  it('re-implements the top layer exactly: from the token states, the pretrained weights give the encoder its own vectors', async () => {
    const tf = await loadTensorflow();
    const texts = ['where is my parcel', 'a', 'how do i say thank you in french please'];
    const [states, vectors] = [await model.tokenStates!(texts), await model.encode(texts)];
    const weights = Object.fromEntries(TOP_LAYER_NAMES.map((n) => [n, tf.tensor(pretrained[n], [...TOP_LAYER_SHAPES[n]])])) as Record<TopLayerName, import('@tensorflow/tfjs').Tensor>;
    const output = tf.tidy(() => topLayerForward(tf, weights, tokenBatch(tf, states)));
    const flat = output.dataSync() as Float32Array;
    tf.dispose([output, ...Object.values(weights)]);
    texts.forEach((_, i) => expect(cosine(flat.slice(i * 512, (i + 1) * 512), scaleToUnitLength(vectors[i]!))).toBeGreaterThan(0.9999));
  });

  it('learns to tell confusable entries apart, the same way every time, and survives a save and restore', async () => {
    const examples = await examplesOf(model);
    const [a, b] = [await fineTuneEncoder(pretrained, examples, { epochs: 4 }), await fineTuneEncoder(pretrained, examples, { epochs: 4 })];
    expect(a.state().weights).toEqual(b.state().weights);
    const [query] = await a.embed(await model.tokenStates!(['was my request for days off approved']));
    const p = a.probabilities(query!);
    expect(a.entryIds[p.indexOf(Math.max(...p))]).toBe('pto_status');
    const restored = await restoreFineTunedEncoder(a.state().meta, a.state().weights);
    const [again] = await restored.embed(await model.tokenStates!(['was my request for days off approved']));
    expect(cosine(again!, query!)).toBeCloseTo(1, 5);
    await expect(restoreFineTunedEncoder(a.state().meta, a.state().weights.slice(1))).rejects.toThrow(/expected/);
    for (const encoder of [a, b, restored]) encoder.dispose();
  });

  it('stops between batches, rejecting, once its signal aborts', async () => {
    const examples = await examplesOf(model);
    const controller = new AbortController();
    setImmediate(() => controller.abort());
    await expect(fineTuneEncoder(pretrained, examples, { epochs: 50, batchSize: 2 }, controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
  });
});
