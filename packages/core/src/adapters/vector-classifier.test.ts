import { describe, expect, it } from 'vitest';
import { restoreVectorClassifier, trainVectorClassifier } from './vector-classifier.ts';

function unit(values: number[]): Float32Array {
  const norm = Math.hypot(...values);
  return Float32Array.from(values, (v) => v / norm);
}

// Two entries whose questions overlap: the class means alone misplace [0.6, 0.8, 0]; training fixes it.
const examples = [
  { entryId: 'refund', vector: unit([1, 0, 0]) },
  { entryId: 'refund', vector: unit([0.6, 0.8, 0]) },
  { entryId: 'refund', vector: unit([0.9, 0, 0.4]) },
  { entryId: 'invoice', vector: unit([0, 1, 0]) },
  { entryId: 'invoice', vector: unit([0.3, 1, 0.1]) },
];

describe('vector classifier', () => {
  it('learns its training examples, probabilities summing to one', async () => {
    const classifier = await trainVectorClassifier(examples);
    for (const e of examples) {
      const p = classifier.probabilities(e.vector);
      expect(classifier.entryIds[p.indexOf(Math.max(...p))]).toBe(e.entryId);
      expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    }
  });

  it('is deterministic and survives a save and restore', async () => {
    const [a, b] = [await trainVectorClassifier(examples), await trainVectorClassifier(examples)];
    expect(Array.from(a.state().weights)).toEqual(Array.from(b.state().weights));
    const restored = restoreVectorClassifier(a.state());
    expect([...restored.probabilities(unit([1, 1, 0]))]).toEqual([...a.probabilities(unit([1, 1, 0]))]);
    expect(() => restoreVectorClassifier({ ...a.state(), entryIds: ['only-one'] })).toThrow(/does not fit/);
  });
});
