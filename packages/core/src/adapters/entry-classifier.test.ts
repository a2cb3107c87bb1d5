import { describe, expect, it } from 'vitest';
import { restoreEntryClassifier, trainEntryClassifier } from './entry-classifier.ts';

const examples = [
  { entryId: 'refund', normalized: '课程可以退款吗', tokens: ['课程', '可以', '退款', '吗'] },
  { entryId: 'refund', normalized: '怎么申请退费', tokens: ['怎么', '申请', '退费'] },
  { entryId: 'invoice', normalized: '怎么开发票', tokens: ['怎么', '开', '发票'] },
  { entryId: 'invoice', normalized: '发票怎么申请', tokens: ['发票', '怎么', '申请'] },
];

describe('entry classifier trained on the knowledge base', () => {
  it('learns which entry a question belongs to', async () => {
    const classifier = await trainEntryClassifier(examples);
    const p = classifier.probabilities({ text: '退费怎么申请', tokens: ['退费', '怎么', '申请'] });
    expect(p.get('refund')!).toBeGreaterThan(p.get('invoice')!);
    expect(p.get('refund')! + p.get('invoice')!).toBeCloseTo(1, 5);
  });

  it('is deterministic for a seed and survives a save and restore', async () => {
    const [a, b] = [await trainEntryClassifier(examples, { seed: 3 }), await trainEntryClassifier(examples, { seed: 3 })];
    expect(Array.from(a.state().weights)).toEqual(Array.from(b.state().weights));
    const restored = restoreEntryClassifier(a.state());
    const query = { text: '开发票', tokens: ['开', '发票'] };
    expect([...restored.probabilities(query)]).toEqual([...a.probabilities(query)]);
    expect(() => restoreEntryClassifier({ ...a.state(), entryIds: ['only-one'] })).toThrow(/does not fit/);
  });
});
