import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore } from '../store/store.ts';
import { createBotHolder } from './bot-holder.ts';

describe('the bot holder', () => {
  let store: Awaited<ReturnType<typeof createStore>>;
  beforeAll(async () => {
    store = await createStore();
    await store.putKnowledgeEntry({ id: 'refund', questions: ['怎么申请退款', '课程可以退款吗'], answer: '7 天内可退。' });
    await store.putKnowledgeEntry({ id: 'old', questions: ['旧的问题是什么'], answer: '旧答案。' });
    await store.putKnowledgeEntry({ id: 'trial', questions: ['怎么预约试听课', '有免费试听课吗'], answer: '首页点“免费试听”。' });
    await store.putKnowledgeEntry({ id: 'invoice', questions: ['怎么开发票', '发票怎么申请'], answer: '在“我的订单”中申请。' });
    await store.putKnowledgeEntry({ id: 'password', questions: ['账户密码忘了怎么办', '怎么修改密码'], answer: '登录页点“忘记密码”。' });
  });
  afterAll(() => store.close());

  it('swaps in a bot reading with the new table, caught up with entries stored and bars changed while it was built', async () => {
    // The rebuild's read of the knowledge base (the second read) is held until the test has stored more.
    let reads = 0;
    let release!: () => void;
    const stored = new Promise<void>((resolve) => (release = resolve));
    const knowledgeEntries = async () => {
      const entries = await store.knowledgeEntries();
      if (++reads === 2) await stored;
      return entries;
    };
    const holder = await createBotHolder({ store: { ...store, knowledgeEntries }, options: { sentenceEncoder: false }, synonyms: [] });
    const first = holder.bot();
    expect((await first.ask({ text: '怎么把钱拿回来' })).kind).not.toBe('answer');
    const rebuilt = holder.rebuild([['退款', '把钱拿回来']]);
    expect(holder.rebuilding()).toBe(true);
    // Stored after the new bot read the knowledge base, before it took over (the old one still answers).
    await store.putKnowledgeEntry({ id: 'hours', questions: ['客服几点下班'], answer: '21:00。' });
    await store.deleteKnowledgeEntry('old');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(holder.bot()).toBe(first);
    first.setThresholds({ answer: 0.4 }); // an operator changing the bars during the build
    release();
    await rebuilt;
    expect(holder.rebuilding()).toBe(false);
    expect(holder.bot()).not.toBe(first);
    expect(await holder.bot().ask({ text: '怎么把钱拿回来' })).toMatchObject({ kind: 'answer', entryId: 'refund' });
    expect(holder.bot().getEntry('hours')).toBeDefined();
    expect(holder.bot().getEntry('old')).toBeUndefined();
    expect(holder.bot().thresholds().answer).toBe(0.4);
  });

  it('runs rebuilds one after another and keeps answering when one fails', async () => {
    const holder = await createBotHolder({ store, options: { sentenceEncoder: false }, synonyms: [] });
    const bad = holder.rebuild([['退款']]);
    const good = holder.rebuild([['退款', '退钱']]);
    await expect(bad).rejects.toMatchObject({ code: 'CORE_SYNONYMS_INVALID' });
    await good;
    expect((await holder.bot().ask({ text: '退钱' })).candidates[0]?.entryId).toBe('refund');
  });

  it('catches up with the store after an edit in progress, never undoing it', async () => {
    const holder = await createBotHolder({ store, options: { sentenceEncoder: false }, synonyms: [] });
    const edited = { id: 'invoice', questions: ['怎么开发票', '发票怎么申请'], answer: '电子发票 3 天内发到邮箱。' };
    let stored!: () => void;
    const edit = holder.exclusive(async () => {
      await holder.bot().upsert(edited);
      await new Promise<void>((resolve) => (stored = resolve));
      await store.putKnowledgeEntry(edited);
    });
    const caughtUp = holder.catchUp(); // asked while the edit has reached the bot but not the store
    await new Promise((resolve) => setTimeout(resolve, 20));
    stored();
    await Promise.all([edit, caughtUp]);
    expect(holder.bot().getEntry('invoice')?.answer).toBe('电子发票 3 天内发到邮箱。');
  });

  it('re-reads the knowledge base only when its version changed', async () => {
    let reads = 0;
    const counting = { ...store, knowledgeEntries: () => (reads++, store.knowledgeEntries()) };
    const holder = await createBotHolder({ store: counting, options: { sentenceEncoder: false }, synonyms: [] });
    await holder.catchUp();
    const afterFirst = reads;
    await holder.catchUp();
    expect(reads).toBe(afterFirst);
    await store.putKnowledgeEntry({ id: 'fees', questions: ['报名费多少'], answer: '免报名费。' });
    await holder.catchUp();
    expect(reads).toBe(afterFirst + 1);
    expect(holder.bot().getEntry('fees')).toBeDefined();
  });
});
