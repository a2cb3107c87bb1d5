import type { Scalar, Tensor } from '@tensorflow/tfjs';
import type { WordVectors } from '../ports/word-vectors.ts';
import { seededRandom, shuffleInPlace } from '../random/seeded-random.ts';
import { DEFAULT_CNN_CONFIG, TextCnn, type TextCnnConfig } from './text-cnn.ts';
import type { Tf } from './tensor-runtime.ts';
import { typoVariant } from './typo-variant.ts';

export interface TrainingExample {
  entryId: string;
  normalized: string;
  tokens: readonly string[];
}

export interface EpochReport {
  /** 'train' holds questions out to choose the epoch count; 'refit' then trains on every question. */
  phase: 'train' | 'refit';
  /** Which model of an ensemble (1-based) and how many there are; 1 of 1 for a single model. */
  member: number;
  members: number;
  epoch: number;
  epochs: number;
  loss: number;
  /** Top-1 accuracy on the held-out questions (null when the knowledge base is too small to hold any out). */
  validationTop1: number | null;
  ms: number;
}

export interface TrainOptions {
  config?: Partial<TextCnnConfig>;
  wordVectors?: WordVectors;
  epochs?: number;
  /** Stop after this many epochs without a better validation score (the best epoch's weights are kept). */
  patience?: number;
  batchSize?: number;
  learningRate?: number;
  seed?: number;
  /** Share of a typo-noised copy of each question per epoch (robustness to misspelt queries). */
  typoRate?: number;
  /** After early stopping, train again on every question (held-out ones included) for the best epoch count (default true). */
  refitOnAll?: boolean;
  /** Hold questions out to stop early (default true); without, train on every question for `epochs` epochs. */
  holdOut?: boolean;
  /** Models in an ensemble (trainTextCnnEnsemble; default 3). */
  members?: number;
  onEpoch?: (report: EpochReport) => void;
}

const LABEL_SMOOTHING = 0.1;
const DROPOUT = { input: 0.25, hidden: 0.3 };

/** One question of each entry that has at least four is held out for early stopping. */
function split(examples: readonly TrainingExample[]): { train: TrainingExample[]; validation: TrainingExample[] } {
  const byEntry = new Map<string, TrainingExample[]>();
  for (const e of examples) byEntry.set(e.entryId, [...(byEntry.get(e.entryId) ?? []), e]);
  const validation = [...byEntry.values()].filter((list) => list.length >= 4).map((list) => list[list.length - 1]!);
  if (validation.length < 10) return { train: [...examples], validation: [] };
  const held = new Set(validation);
  return { train: examples.filter((e) => !held.has(e)), validation };
}

/**
 * Trains the text CNN on the knowledge base: every entry is a class whose questions are its examples
 * (cosine softmax against learned entry prototypes, label smoothing, dropout, typo-noised copies).
 * Seeded, so the same knowledge base and options give the same model; yields to the event loop after
 * every batch, so a server keeps answering while it trains.
 */
export async function trainTextCnn(tf: Tf, examples: readonly TrainingExample[], options: TrainOptions = {}): Promise<{ model: TextCnn; reports: EpochReport[] }> {
  const { train, validation } = options.holdOut === false ? { train: [...examples], validation: [] } : split(examples);
  const first = await trainRun(tf, examples, train, validation, options, options.epochs ?? 20, 'train');
  if (validation.length === 0 || options.refitOnAll === false) return first;
  // The held-out questions chose the epoch count; the final model learns from every question.
  first.model.dispose();
  const best = first.reports.reduce((a, b) => ((b.validationTop1 ?? 0) > (a.validationTop1 ?? 0) ? b : a));
  const refit = await trainRun(tf, examples, [...examples], [], options, best.epoch, 'refit');
  return { model: refit.model, reports: [...first.reports, ...refit.reports] };
}

async function trainRun(tf: Tf, all: readonly TrainingExample[], train: readonly TrainingExample[], validation: readonly TrainingExample[], options: TrainOptions, epochs: number, phase: EpochReport['phase']): Promise<{ model: TextCnn; reports: EpochReport[] }> {
  const { patience = 4, batchSize = 32, learningRate = 0.002, seed = 7, typoRate = 0.2, onEpoch } = options;
  const config = { ...DEFAULT_CNN_CONFIG, ...options.config };
  const random = seededRandom(seed);
  const entryIds = [...new Set(all.map((e) => e.entryId))];
  const classOf = new Map(entryIds.map((id, i) => [id, i]));
  const model = new TextCnn(tf, config, entryIds, options.wordVectors, { random });
  const validationBatch = validation.length ? model.batch(validation.map((e) => model.features(e))) : undefined;
  const optimizer = tf.train.adam(learningRate);
  const sparse = createLazyAdam(model.subwordEmbeddings, config.subwordDim, learningRate);
  const reports: EpochReport[] = [];
  let best = { score: -Infinity, weights: model.state().weights };
  let sinceBest = 0;
  const start = Date.now();

  for (let epoch = 1; epoch <= epochs; epoch++) {
    const order = train.map((e) => ({ e, noisy: random() < typoRate }));
    shuffleInPlace(order, random);
    let lossSum = 0;
    let steps = 0;
    for (let s = 0; s < order.length; s += batchSize) {
      const items = order.slice(s, s + batchSize);
      const batch = model.batch(items.map(({ e, noisy }) => model.features(noisy ? typoVariant(e, random) : e)));
      const labels = tf.tidy(() => tf.oneHot(tf.tensor1d(items.map(({ e }) => classOf.get(e.entryId)!), 'int32'), entryIds.length));
      const variables = model.variables;
      const dropoutSeed = Math.floor(random() * 1e9);
      const { value, grads } = tf.valueAndGrads((subwordSum: Tensor, ...weights: Tensor[]) => {
        const z = model.encode(batch, subwordSum, weights, { ...DROPOUT, seed: dropoutSeed });
        const logits = tf.mul(tf.matMul(z, model.unitPrototypes(weights[weights.length - 1]!), false, true), config.scale);
        return tf.losses.softmaxCrossEntropy(labels, logits, undefined, LABEL_SMOOTHING) as Scalar;
      })([batch.subwordSum, ...variables]);
      optimizer.applyGradients(variables.map((v, i) => ({ name: v.name, tensor: grads[i + 1]! })));
      sparse.step(batch.ids, config.subwordsPerUnit, grads[0]!.dataSync() as Float32Array);
      lossSum += (await value.data())[0]!;
      steps++;
      tf.dispose([batch.vectors, batch.subwordSum, batch.mask, labels, value, ...grads]);
      await new Promise((resolve) => setImmediate(resolve));
    }
    const validationTop1 = validationBatch ? top1(model, validationBatch, validation.map((e) => classOf.get(e.entryId)!)) : null;
    const report: EpochReport = { phase, member: 1, members: 1, epoch, epochs, loss: lossSum / Math.max(1, steps), validationTop1, ms: Date.now() - start };
    reports.push(report);
    onEpoch?.(report);
    const score = validationTop1 ?? -report.loss;
    if (!validationBatch || score > best.score) {
      best = { score, weights: model.state().weights };
      sinceBest = 0;
    } else if (++sinceBest >= patience) break;
  }
  if (validationBatch) tf.dispose([validationBatch.vectors, validationBatch.subwordSum, validationBatch.mask]);
  optimizer.dispose();
  model.dispose();
  return { model: new TextCnn(tf, config, entryIds, options.wordVectors, { weights: best.weights }), reports };
}

function top1(model: TextCnn, batch: ReturnType<TextCnn['batch']>, labels: number[]): number {
  const predicted = model.tf.tidy(() => model.tf.argMax(model.tf.matMul(model.encode(batch, batch.subwordSum, model.variables), model.unitPrototypes(), false, true), 1).dataSync());
  return labels.filter((y, i) => predicted[i] === y).length / labels.length;
}

/** Adam on the subword rows a batch touched only (the table is large and each batch uses a few hundred rows). */
function createLazyAdam(table: Float32Array, dim: number, learningRate: number) {
  const m = new Float32Array(table.length);
  const v = new Float32Array(table.length);
  let t = 0;
  return {
    step(ids: Int32Array, perUnit: number, unitGradients: Float32Array) {
      t++;
      const rows = new Map<number, Float32Array>();
      for (let i = 0; i < ids.length; i++) {
        const row = ids[i]!;
        if (!row) continue;
        const unit = Math.floor(i / perUnit);
        let sum = rows.get(row);
        if (!sum) rows.set(row, (sum = new Float32Array(dim)));
        for (let d = 0; d < dim; d++) sum[d]! += unitGradients[unit * dim + d]!;
      }
      const c1 = 1 - 0.9 ** t;
      const c2 = 1 - 0.999 ** t;
      for (const [row, g] of rows) {
        for (let d = 0; d < dim; d++) {
          const i = row * dim + d;
          m[i] = 0.9 * m[i]! + 0.1 * g[d]!;
          v[i] = 0.999 * v[i]! + 0.001 * g[d]! * g[d]!;
          table[i]! -= (learningRate * m[i]!) / c1 / (Math.sqrt(v[i]! / c2) + 1e-8);
        }
      }
    },
  };
}
