import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SynonymGroups } from '@chatbot/core';
import { createStore } from '../store/store.ts';
import { createSynonymsKeeper } from './synonyms-keeper.ts';

describe('the synonym table keeper', () => {
  let store: Awaited<ReturnType<typeof createStore>>;
  beforeAll(async () => {
    store = await createStore();
  });
  afterAll(() => store.close());

  it('rebuilds once for a table heard of twice while the rebuild runs, and again after a failed one', async () => {
    const rebuilds: SynonymGroups[] = [];
    let fail = false;
    let finish!: () => void;
    const keeper = createSynonymsKeeper({
      store,
      configured: [],
      rebuilding: () => false,
      rebuild: async (groups) => {
        rebuilds.push(groups);
        if (fail) throw new Error('store unreachable');
        await new Promise<void>((resolve) => (finish = resolve));
      },
    });
    await store.saveSynonyms('退款, 退钱');
    const first = keeper.load(); // the bus message
    await new Promise((resolve) => setTimeout(resolve, 10));
    const second = keeper.load(); // the minute's catch-up, while the rebuild runs
    await second;
    finish();
    await first;
    expect(rebuilds).toEqual([[['退款', '退钱']]]);
    expect(keeper.state()).toMatchObject({ text: '退款, 退钱', saved: true, groups: [['退款', '退钱']] });

    fail = true;
    await store.saveSynonyms('退款, 退费');
    await expect(keeper.load()).rejects.toThrow('store unreachable');
    expect(keeper.state().groups).toEqual([['退款', '退钱']]);
    fail = false;
    const retried = keeper.load();
    await new Promise((resolve) => setTimeout(resolve, 10));
    finish();
    await retried;
    expect(rebuilds.at(-1)).toEqual([['退款', '退费']]);
    expect(keeper.state().groups).toEqual([['退款', '退费']]);
    await store.saveSynonyms(null);
  });
});
