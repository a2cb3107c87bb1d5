import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// vitest's default is one worker fewer than the cores: one on CI's two. The slow files mostly wait on servers,
// browsers and databases (each test has its own schema), so a worker per core, at least two, halves the wait:
// the suite took 12m23s with one worker and 8m07s with two on this two-core machine.
const workers = Math.max(2, availableParallelism());

export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Test files share their worker's process: a bot's state is its own (even its jieba words: adapters/jieba-cutter.ts),
    // and loading the sentence encoder, dictionaries and TensorFlow.js once per worker instead of once per file cut the
    // suite from 18m35s to 8m22s here. A test that changes process-wide state (globals, timers, mocks) restores it.
    isolate: false,
    maxWorkers: workers,
    minWorkers: workers,
  },
});
