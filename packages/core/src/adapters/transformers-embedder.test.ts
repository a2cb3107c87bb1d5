import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { createTransformersEmbedder } from './transformers-embedder.ts';

// No model can be downloaded on this machine: what is testable for real is the offline failure path.
it('reports a missing local model clearly instead of reaching for the network', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'models-'));
  try {
    await expect(createTransformersEmbedder({ model: 'no-such-model', localModelPath: dir })).rejects.toMatchObject({
      code: 'CORE_MODEL_NOT_FOUND',
      message: expect.stringContaining('remote models are disabled'),
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
