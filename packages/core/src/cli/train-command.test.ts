import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { trainCommand } from './train-command.ts';

const KB = new URL('../../test-fixtures/edu.jsonl', import.meta.url).pathname;

describe('pnpm chatbot train', () => {
  afterEach(() => vi.restoreAllMocks());

  it('takes 0 as a seed and refuses a negative one or a count below 1', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'chatbot-train-'));
    try {
      const printed: string[] = [];
      vi.spyOn(console, 'log').mockImplementation((line: unknown) => void printed.push(String(line)));
      const flags = ['--kb', KB, '--out', join(dir, 'model'), '--epochs', '1', '--members', '1', '--json'];
      await trainCommand([...flags, '--seed', '0']);
      expect(JSON.parse(printed.at(-1)!)).toMatchObject({ out: join(dir, 'model'), members: 1, epochs: 1 });
      await expect(trainCommand([...flags, '--seed=-1'])).rejects.toMatchObject({ code: 'CORE_BAD_ARGUMENT', message: '--seed must be a whole number from 0, not "-1"' });
      await expect(trainCommand([...flags, '--members', '0'])).rejects.toMatchObject({ code: 'CORE_BAD_ARGUMENT', message: '--members must be a whole number from 1, not "0"' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
