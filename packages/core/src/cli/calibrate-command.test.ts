import { afterEach, describe, expect, it, vi } from 'vitest';
import { calibrateCommand } from './calibrate-command.ts';

const DEMO = new URL('../../../../examples/demo/', import.meta.url).pathname;

describe('pnpm chatbot calibrate', () => {
  afterEach(() => vi.restoreAllMocks());

  it('fits a bilingual knowledge base’s English questions bars of their own, and prints both sets', async () => {
    const printed: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line: unknown) => void printed.push(String(line)));
    await calibrateCommand(['--kb', `${DEMO}kb.jsonl`, '--synonyms', `${DEMO}synonyms.txt`, '--queries', `${DEMO}queries-6.jsonl`, '--json']);
    const result = JSON.parse(printed.at(-1)!) as { thresholds: { answer: number }; english?: { answer: number }; accuracy: number };
    expect(result.english?.answer).toBeGreaterThan(result.thresholds.answer);
    expect(printed.join('\n')).toMatch(/calibrated, English questions/);
  });
});
