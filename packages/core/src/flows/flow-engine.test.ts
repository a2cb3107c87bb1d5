import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBot, type Bot } from '../create-bot.ts';
import { CoreError } from '../errors.ts';
import type { FlowState } from './flow-definition.ts';
import { parseFlows } from './parse-flows.ts';
import { formatDate, parseDate, parseNumber, slotValue } from './slot-values.ts';
import { isCancel, replyIntent } from './reply-intent.ts';

const KB = new URL('../../test-fixtures/edu.jsonl', import.meta.url).pathname;

const flowsYaml = (webhook: string) => `
- id: book-trial
  triggers: [我要预约试听, book a trial]
  webhook: { url: "${webhook}" }
  steps:
    - { id: age, kind: slot, slot: age, type: number, min: 3, max: 18, names: [年龄, age], prompt: { zh: 孩子几岁？, en: How old is the child? } }
    - { id: subject, kind: slot, slot: subject, type: choice, choices: [英语, 数学], prompt: { zh: 哪门课？, en: Which subject? } }
    - { id: order, kind: slot, slot: order, type: order-id, prompt: 订单号？ }
    - { id: confirm, kind: branch, prompt: { zh: "确认 {age} 岁、{subject}？", en: "Confirm {age}, {subject}?" }, positive: submit, negative: cancel }
  done: { zh: 预约成功, en: Booked }
  cancelled: { zh: 已取消, en: Cancelled }
  failed: { zh: 提交失败, en: Failed }
`;

describe('task flows', () => {
  let server: Server;
  let url: string;
  const received: unknown[] = [];
  let status = 200;
  let bot: Bot;
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push(JSON.parse(body));
        res.writeHead(status).end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}/booking`;
    bot = await createBot({ knowledge: KB, flows: parseFlows(flowsYaml(url)) });
  });
  afterAll(async () => new Promise<void>((resolve) => server.close(() => resolve())));

  async function run(texts: string[]) {
    let flow: FlowState | null = null;
    const outcomes = [];
    for (const text of texts) {
      const o = await bot.ask({ text, flow });
      flow = o.kind === 'flow' ? o.flow : null;
      outcomes.push(o);
    }
    return { outcomes, flow };
  }

  it('fills the slots, answers a question in the middle, confirms and calls the webhook', async () => {
    received.length = 0;
    const { outcomes, flow } = await run(['我要预约试听', '八岁', '课程可以退款吗', '2', 'ab-12345', '是的']);
    expect(outcomes.map((o) => (o.kind === 'flow' ? o.event : o.kind))).toEqual(['started', 'prompt', 'interrupted', 'prompt', 'prompt', 'done']);
    expect(outcomes[2]!.kind === 'flow' && outcomes[2]!.text).toMatch(/7 天内[\s\S]*哪门课/);
    expect(outcomes[1]!.kind === 'flow' && outcomes[1]!.choices).toEqual(['英语', '数学']);
    expect(outcomes[4]!.kind === 'flow' && outcomes[4]!.text).toBe('确认 8 岁、数学？');
    expect(received).toEqual([{ flowId: 'book-trial', slots: { age: '8', subject: '数学', order: 'AB-12345' } }]);
    expect(flow).toBeNull();
    expect(outcomes[5]!.trace.at(-1)).toMatchObject({ stage: 'flow', detail: { event: 'done' } });
  });

  it('leaves on "cancel" or a negative confirmation, and gives up after three bad answers', async () => {
    expect((await run(['book a trial', 'cancel'])).outcomes.at(-1)).toMatchObject({ kind: 'flow', event: 'cancelled', text: 'Cancelled', flow: null });
    expect((await run(['我要预约试听', '10', '英语', 'X1234567', '不用了'])).outcomes.at(-1)).toMatchObject({ event: 'cancelled', text: '已取消' });
    const stuck = await run(['我要预约试听', '一百岁', '两百岁', '啊']);
    expect(stuck.outcomes.map((o) => (o.kind === 'flow' ? o.event : o.kind))).toEqual(['started', 'invalid', 'invalid', 'cancelled']);
    // Given up, not cancelled by the visitor: it says why and how to go on.
    expect(stuck.outcomes.at(-1)).toMatchObject({ kind: 'flow', text: expect.stringMatching(/几次都没能听懂[\s\S]*转人工/) });
    for (const leave of ['那算了', '算了，不约了', '我不想预约了', '不约了谢谢', 'Never mind, thanks', 'no thanks', 'forget about it', 'I changed my mind']) {
      expect((await run(['我要预约试听', leave])).outcomes.at(-1)).toMatchObject({ event: 'cancelled', flow: null });
    }
  });

  it('starts a flow on a request, not on a question about it or a no', async () => {
    expect((await bot.ask({ text: '我要预约试听' })).kind).toBe('flow');
    expect((await bot.ask({ text: '你好，我要预约试听，可以吗' })).kind).toBe('flow');
    for (const text of ['我要预约试听要多少钱', "I don't want to book a trial, just asking about prices", 'how do I book a trial']) expect((await bot.ask({ text })).kind).not.toBe('flow');
  });

  it('answers a question at a slot step instead of reading a value into it, but takes a polite "明天可以吗"', async () => {
    const { flow } = await run(['我要预约试听', '10']);
    const asked = await bot.ask({ text: '英语和数学有什么区别', flow });
    expect(asked).toMatchObject({ kind: 'flow', flow: { stepId: 'subject', slots: { age: '10' } } });
    const polite = await bot.ask({ text: '数学可以吗', flow });
    expect(polite).toMatchObject({ kind: 'flow', event: 'prompt', flow: { stepId: 'order', slots: { subject: '数学' } } });
  });

  it('keeps the language it started in; when the webhook fails it keeps the answers, and a yes tries again', async () => {
    status = 500;
    received.length = 0;
    const { outcomes, flow } = await run(['book a trial', '7', '1', 'A1B2C3D4', 'yes']);
    expect(outcomes.map((o) => o.kind === 'flow' && o.text)).toEqual(['How old is the child?', 'Which subject?', '订单号？', 'Confirm 7, 英语?', 'Failed\nConfirm 7, 英语?']);
    expect(flow).toMatchObject({ stepId: 'confirm', slots: { age: '7', subject: '英语', order: 'A1B2C3D4' }, failures: 1 });
    status = 200;
    const retried = await bot.ask({ text: 'yes', flow });
    expect(retried).toMatchObject({ kind: 'flow', event: 'done', text: 'Booked', flow: null });
    expect(received).toHaveLength(2);

    status = 500;
    const given = await run(['book a trial', '7', '1', 'A1B2C3D4', 'yes', 'yes', 'yes']);
    status = 200;
    expect(given.outcomes.slice(-3).map((o) => o.kind === 'flow' && [o.event, o.flow?.failures ?? null])).toEqual([['failed', 1], ['failed', 2], ['failed', null]]);
    expect(given.flow).toBeNull();
  });

  it('takes a question, thanks or a greeting at a yes/no step as no answer to it, and "没问题" as a yes', async () => {
    const confirm = async (reply: string) => {
      const { flow } = await run(['我要预约试听', '10', '英语', 'X1234567']);
      return bot.ask({ text: reply, flow });
    };
    const question = await confirm('试听课可以退款吗');
    expect(question).toMatchObject({ kind: 'flow', event: 'interrupted', flow: { stepId: 'confirm', retries: 0 } });
    expect(question.kind === 'flow' && question.text).toMatch(/7 天内[\s\S]*确认 10 岁、英语？/);
    expect(await confirm('谢谢')).toMatchObject({ event: 'interrupted', flow: { stepId: 'confirm', retries: 0 } });
    received.length = 0;
    expect(await confirm('没问题')).toMatchObject({ event: 'done' });
    expect(await confirm('我要取消')).toMatchObject({ event: 'cancelled' });
    expect(received).toHaveLength(1);
  });

  it('changes an earlier answer at a later step: the one named or the one a new value is for, then comes back', async () => {
    received.length = 0;
    const { flow } = await run(['我要预约试听', '10', '英语', 'X1234567']);
    const age = await bot.ask({ text: '年龄写错了，是九岁', flow });
    expect(age).toMatchObject({ kind: 'flow', text: '好的，已修改。\n确认 9 岁、英语？', flow: { stepId: 'confirm', slots: { age: '9' } } });
    const subject = await bot.ask({ text: '不对，是数学', flow: age.kind === 'flow' ? age.flow : null });
    expect(subject).toMatchObject({ text: '好的，已修改。\n确认 9 岁、数学？', flow: { stepId: 'confirm', slots: { subject: '数学' } } });
    // Named without the new value: that question again, then back to the confirmation, not on through the steps.
    const order = await bot.ask({ text: '订单号错了', flow: subject.kind === 'flow' ? subject.flow : null });
    expect(order).toMatchObject({ text: '订单号？', flow: { stepId: 'order', returnTo: 'confirm' } });
    const back = await bot.ask({ text: 'AB-99999', flow: order.kind === 'flow' ? order.flow : null });
    expect(back).toMatchObject({ text: '确认 9 岁、数学？', flow: { stepId: 'confirm', slots: { order: 'AB-99999' } } });
    expect(back.kind === 'flow' && back.flow?.returnTo).toBeUndefined();
    expect(await bot.ask({ text: '没错', flow: back.kind === 'flow' ? back.flow : null })).toMatchObject({ event: 'done' });
    expect(received).toEqual([{ flowId: 'book-trial', slots: { age: '9', subject: '数学', order: 'AB-99999' } }]);
    // Before the last question, the change is made and the question asked again.
    const midway = await run(['我要预约试听', '10', '英语', '换成数学']);
    expect(midway.outcomes.at(-1)).toMatchObject({ text: '好的，已修改。\n订单号？', flow: { stepId: 'order', slots: { age: '10', subject: '数学' } } });
    const english = await run(['book a trial', '7', '1', 'A1B2C3D4', 'yes but the age is wrong', '8']);
    expect(english.outcomes.slice(-2).map((o) => o.kind === 'flow' && o.text)).toEqual(['How old is the child?', 'Confirm 8, 英语?']);
    expect((await run(['book a trial', '7', '1', 'A1B2C3D4', "yes, that's correct"])).outcomes.at(-1)).toMatchObject({ event: 'done' });
    // "不对" at a confirmation asks what to change instead of cancelling everything; "不对，不要了" still cancels.
    const wrong = await run(['我要预约试听', '10', '英语', 'X1234567', '不对']);
    expect(wrong.outcomes.at(-1)).toMatchObject({ event: 'prompt', text: expect.stringMatching(/^请告诉我哪一项要改[\s\S]*确认 10 岁、英语？$/), flow: { stepId: 'confirm' } });
    expect(await bot.ask({ text: '改成数学', flow: wrong.flow })).toMatchObject({ text: '好的，已修改。\n确认 10 岁、数学？', flow: { slots: { subject: '数学' } } });
    expect((await run(['我要预约试听', '10', '英语', 'X1234567', '不对，不要了'])).outcomes.at(-1)).toMatchObject({ event: 'cancelled' });
    expect(() => parseFlows('- { id: x, triggers: [t], done: d, cancelled: c, steps: [{ id: s, kind: slot, slot: s, type: text, prompt: p, names: 年龄 }] }')).toThrow(/names must be a list of words/);
  });

  it('shows a choice in the visitor\'s language, takes it in either, and keeps its value', async () => {
    const bilingual = await createBot({
      knowledge: KB,
      flows: parseFlows(`
- id: pick
  triggers: [pick a subject, 选课]
  steps:
    - { id: subject, kind: slot, slot: subject, type: choice, choices: [{ zh: 英语, en: English }, { zh: 数学, en: Maths, aliases: [math] }], prompt: { zh: 哪门课？, en: Which subject? } }
    - { id: confirm, kind: branch, prompt: { zh: "确认{subject}？", en: "Confirm {subject}?" }, positive: submit, negative: cancel }
  done: { zh: "好的，{subject}", en: "OK, {subject}" }
  cancelled: 取消
`),
    });
    const started = await bilingual.ask({ text: 'pick a subject' });
    expect(started.kind === 'flow' && started.choices).toEqual(['English', 'Maths']);
    const picked = await bilingual.ask({ text: 'math please', flow: started.kind === 'flow' ? started.flow : null });
    expect(picked).toMatchObject({ text: 'Confirm Maths?', flow: { slots: { subject: '数学' } }, choices: ['Yes', 'No'] });
    const zhStart = await bilingual.ask({ text: '选课' });
    const zhPicked = await bilingual.ask({ text: 'English', flow: zhStart.kind === 'flow' ? zhStart.flow : null });
    expect(zhPicked).toMatchObject({ text: '确认英语？', flow: { slots: { subject: '英语' } } });
    expect(() => parseFlows('- { id: x, triggers: [t], done: d, cancelled: c, steps: [{ id: s, kind: slot, slot: s, type: choice, prompt: p, choices: [{ zh: 英语 }, 数学] }] }')).toThrow(/each a text or \{ zh, en/);
  });

  it('answers ordinary questions when no flow runs', async () => {
    const outcome = await bot.ask({ text: '课程可以退款吗' });
    expect(outcome.kind === 'answer' && outcome.entryId).toBe('refund');
  });

  it('reports every problem in a bad flow file', () => {
    const bad = `- id: a\n  triggers: []\n  steps:\n    - { id: s, kind: slot, slot: x, type: colour, prompt: p, next: nowhere }\n  done: d\n  cancelled: c\n- { id: a, triggers: [t], steps: [], done: d }`;
    try {
      parseFlows(bad);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(CoreError);
      const text = (error as Error).message;
      for (const part of ['triggers must be', 'type must be one of', 'unknown step "nowhere"', 'repeats an id', 'steps must be a non-empty', 'done and cancelled']) expect(text).toContain(part);
    }
    expect(() => parseFlows('[: nope')).toThrow(/not valid YAML/);
  });

  it('reads values the way people type them', () => {
    const now = new Date(2026, 10, 25); // a Wednesday
    expect([parseNumber('十二'), parseNumber('二十'), parseNumber('三岁'), parseNumber('12 years')]).toEqual([12, 20, 3, 12]);
    expect([parseDate('明天', now), parseDate('周六', now), parseDate('12月5日', now), parseDate('1/3', now), parseDate('2026-02-30', now), parseDate('saturday', now)]).toEqual(['2026-11-26', '2026-11-28', '2026-12-05', '2027-01-03', undefined, '2026-11-28']);
    const phone = { id: 'p', kind: 'slot' as const, slot: 'p', prompt: 'p', type: 'phone' as const };
    expect([slotValue(phone, '+86 138-1234-5678'), slotValue(phone, 'call me'), slotValue(phone, '020 1234 5678')]).toEqual(['13812345678', undefined, '02012345678']);
    expect([replyIntent('不可以'), replyIntent('可以的'), replyIntent('yes please'), replyIntent('no'), replyIntent('明天吧')]).toEqual(['negative', 'positive', 'positive', 'negative', 'unknown']);
    expect(['没错', 'yup', 'absolutely', 'sounds good', 'go ahead', 'Y'].map(replyIntent)).toEqual(Array(6).fill('positive'));
    expect(["I'm not sure", 'yes but the phone number is wrong', '不过我再想想'].map(replyIntent)).toEqual(Array(3).fill('unknown'));
    expect([replyIntent('没有问题'), replyIntent("yes, I don't mind"), replyIntent('是否可以换个老师'), replyIntent('试听课可以退款吗'), replyIntent('is it right?'), replyIntent('不用了')]).toEqual(['positive', 'positive', 'unknown', 'unknown', 'unknown', 'negative']);
    expect([isCancel('取消'), isCancel('cancel'), isCancel('取消订单怎么操作'), isCancel('我要取消'), isCancel('cancel please'), isCancel('I want to cancel'), isCancel('取消预约怎么弄')]).toEqual([true, true, false, true, true, true, false]);
    expect([parseNumber('eight'), parseNumber('I am twelve'), parseNumber('the older one is nine'), parseNumber('八岁半'), parseNumber('8 and a half')]).toEqual([8, 12, 9, 8.5, 8.5]);
    expect(['5号', '20号', '十二月十日', 'December 10', '10th December', 'Sat', 'next sat', 'next month', 'money'].map((t) => parseDate(t, now))).toEqual(['2026-12-05', '2026-12-20', '2026-12-10', '2026-12-10', '2026-12-10', '2026-11-28', '2026-12-05', undefined, undefined]);
    expect([formatDate('2026-12-05', true), formatDate('2026-12-05', false)]).toEqual(['12月5日（周六）', 'Saturday 5 December']);
    const subject = { id: 's', kind: 'slot' as const, slot: 's', prompt: 'p', type: 'choice' as const, choices: [{ zh: '英语', en: 'English' }, { zh: '数学', en: 'Maths' }] };
    expect(['is', 'eng', 'maths or english?', '英语吧'].map((t) => slotValue(subject, t))).toEqual([undefined, '英语', undefined, '英语']);
    const age = { id: 'a', kind: 'slot' as const, slot: 'a', prompt: 'p', type: 'number' as const, integer: true, min: 3, max: 18 };
    expect([slotValue(age, '8.5'), slotValue(age, 'eight'), slotValue({ ...age, integer: undefined }, '8.5')]).toEqual([undefined, '8', '8.5']);
    const day = { id: 'd', kind: 'slot' as const, slot: 'd', prompt: 'p', type: 'date' as const, min: 1, max: 30 };
    expect(['今天', 'today', '明天', '12月25日', '12月26日'].map((t) => slotValue(day, t, now))).toEqual([undefined, undefined, '2026-11-26', '2026-12-25', undefined]);
    // Wednesday 2026-11-25: "下周六" and "next saturday" are in next week, a date gone by is none.
    expect([parseDate('下周六', now), parseDate('next saturday', now), parseDate('下星期一', now), parseDate('2020-01-01', now), parseDate('2026-11-25', now), parseDate('大后天', now), parseDate('the day after tomorrow', now)]).toEqual(['2026-12-05', '2026-12-05', '2026-11-30', undefined, '2026-11-25', '2026-11-28', '2026-11-27']);
  });
});
