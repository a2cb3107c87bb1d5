import { describe, expect, it } from 'vitest';
import { formatKnowledge } from './format-knowledge.ts';
import { parseKnowledge } from './load-knowledge.ts';

const ENTRIES = [
  { id: 'refund', questions: ['课程可以退款吗', '怎么申请退款'], answer: '7 天内可退，"我的订单"里申请,\n3-5 个工作日到账。', tags: ['price', 'refund'], topic: 'refund', group: '售后' },
  { id: 'hours', questions: ['what are your hours'], answer: '9:00–18:00' },
  // Lists whose items hold the separator and backslashes round-trip in CSV (and XLSX, which is read as CSV); a tag may hold a line break (a question may not: it is one line).
  { id: 'pipes', questions: ['is a | b allowed', 'path C:\\new\\|x'], answer: 'yes', tags: ['a|b', 'c\\', 'two\nlines'] },
];

describe('formatKnowledge', () => {
  for (const format of ['jsonl', 'csv', 'yaml'] as const) {
    it(`writes ${format} that parseKnowledge reads back unchanged`, () => {
      const { entries, problems } = parseKnowledge(formatKnowledge(ENTRIES, format), format);
      expect(problems).toEqual([]);
      expect(entries.map((e) => ({ ...e }))).toEqual(ENTRIES);
    });
  }
});
