import { describe, expect, it } from 'vitest';
import type { ChannelHost, ChatMessage, InboundMessage } from '@chatbot/protocol';
import { createWechatChannel } from './wechat-channel.ts';
import { memoryKv } from './memory-kv.ts';
import { wechatSignature } from './signature.ts';

type Handler = Parameters<ChannelHost['route']>[2];

/** The server's side of the channel port, in memory: a key-value store with expiry and a receive that does as told. */
function hostFor(receive: (message: InboundMessage) => Promise<ChatMessage[]>) {
  const routes = new Map<string, Handler>();
  const undelivered: Parameters<ChannelHost['undelivered']>[0][] = [];
  const left: string[] = [];
  const host: ChannelHost = {
    route: (method, path, handler) => void routes.set(`${method} ${path}`, handler),
    receive,
    readFile: async () => undefined,
    undelivered: async (report) => void undelivered.push(report),
    visitorLeft: async (user) => void left.push(user),
    kv: memoryKv(),
  };
  return { host, undelivered, left, post: routes.get.bind(routes, 'POST /') as () => Handler | undefined };
}

const TOKEN = 'token';
const signedQuery = (secondsAgo = 0) => {
  const timestamp = String(Math.floor(Date.now() / 1000) - secondsAgo);
  return { timestamp, nonce: '42', signature: wechatSignature([TOKEN, timestamp, '42']) };
};
const textXml = (content: string) => `<xml><ToUserName>gh</ToUserName><FromUserName>follower</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content><![CDATA[${content}]]></Content><MsgId>77</MsgId></xml>`;
const answer: ChatMessage = { id: 'm2', conversationId: 'c', seq: 2, createdAt: '2026-12-04T00:00:00Z', type: 'bot-answer', text: '7 天内可退', entryId: 'refund', confidence: 0.9 };

describe('the WeChat channel', () => {
  it('lets WeChat\'s retry through when the first copy of a message failed inside the server, and answers it once', async () => {
    let calls = 0;
    const { host, post } = hostFor(async () => {
      if (++calls === 1) throw new Error('the database is away');
      return [answer];
    });
    const channel = createWechatChannel({ token: TOKEN, appId: 'wx1', appSecret: 's' });
    await channel.mount(host);
    await expect(post()!({ query: signedQuery(), body: textXml('能退款吗'), headers: {} })).rejects.toThrow('the database is away');
    expect((await post()!({ query: signedQuery(), body: textXml('能退款吗'), headers: {} })).body).toContain('7 天内可退');
    expect((await post()!({ query: signedQuery(), body: textXml('能退款吗'), headers: {} })).body).toBe('success');
    expect(calls).toBe(2);
  });

  it('refuses a correctly signed request whose timestamp is not within five minutes of now (a replay)', async () => {
    const { host, post } = hostFor(async () => [answer]);
    const channel = createWechatChannel({ token: TOKEN, appId: 'wx1', appSecret: 's' });
    await channel.mount(host);
    expect(await post()!({ query: signedQuery(3600), body: textXml('能退款吗'), headers: {} })).toMatchObject({ status: 401, body: 'WECHAT_STALE_REQUEST' });
    expect(await post()!({ query: signedQuery(-3600), body: textXml('能退款吗'), headers: {} })).toMatchObject({ status: 401, body: 'WECHAT_STALE_REQUEST' });
    expect(await post()!({ query: signedQuery(60), body: textXml('能退款吗'), headers: {} })).toMatchObject({ status: 200 });
  });

  it('answers a retry itself when the first copy never got a response (its node died), not while it may still', async () => {
    let calls = 0;
    const { host, post } = hostFor(async (message) => {
      calls++;
      expect(message.language).toBe('zh-CN');
      return [answer];
    });
    const channel = createWechatChannel({ token: TOKEN, appId: 'wx1', appSecret: 's', passiveReplyMs: 1000 });
    await channel.mount(host);
    await host.kv.set('wechat:seen:wx1:77', `pending:${Date.now()}`, 600);
    expect((await post()!({ query: signedQuery(), body: textXml('能退款吗'), headers: {} })).body).toBe('success');
    await host.kv.set('wechat:seen:wx1:77', `pending:${Date.now() - 6000}`, 600);
    expect((await post()!({ query: signedQuery(), body: textXml('能退款吗'), headers: {} })).body).toContain('7 天内可退');
    expect((await post()!({ query: signedQuery(), body: textXml('能退款吗'), headers: {} })).body).toBe('success');
    expect(calls).toBe(1);
  });

  it('tries a late answer again when WeChat fails, and reports one that never went out', async () => {
    const sends: string[] = [];
    const fakeApi: typeof fetch = async (input) => {
      const url = String(input);
      if (url.includes('/cgi-bin/token')) return new Response(JSON.stringify({ access_token: 'T', expires_in: 7200 }));
      sends.push(url);
      return new Response(JSON.stringify(sends.length === 2 ? { errcode: 0 } : { errcode: -1, errmsg: 'system busy' }));
    };
    const slow = () => new Promise<ChatMessage[]>((resolve) => setTimeout(() => resolve([answer]), 50));
    const { host, post, undelivered } = hostFor(slow);
    const channel = createWechatChannel({ token: TOKEN, appId: 'wx1', appSecret: 's', passiveReplyMs: 0, lateRetryMs: [10, 10], fetch: fakeApi });
    await channel.mount(host);
    expect((await post()!({ query: signedQuery(), body: textXml('能退款吗'), headers: {} })).body).toBe('success');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sends).toHaveLength(2); // failed once, then went out
    expect(undelivered).toEqual([]);
    const never: typeof fetch = async (input) => new Response(JSON.stringify(String(input).includes('/cgi-bin/token') ? { access_token: 'T', expires_in: 7200 } : { errcode: -1, errmsg: 'system busy' }));
    const failing = hostFor(slow);
    await createWechatChannel({ token: TOKEN, appId: 'wx1', appSecret: 's', passiveReplyMs: 0, lateRetryMs: [10, 10], fetch: never }).mount(failing.host);
    await failing.post()!({ query: signedQuery(), body: textXml('能退款吗'), headers: {} });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(failing.undelivered).toEqual([{ externalUserId: 'follower', text: '7 天内可退', result: { ok: false, code: 'WECHAT_API_ERROR', message: expect.stringContaining('system busy') } }]);
  });

  it('tells the server when a follower unfollows', async () => {
    const { host, post, left } = hostFor(async () => [answer]);
    await createWechatChannel({ token: TOKEN, appId: 'wx1', appSecret: 's' }).mount(host);
    const unfollow = '<xml><ToUserName>gh</ToUserName><FromUserName>follower</FromUserName><CreateTime>5</CreateTime><MsgType>event</MsgType><Event>unsubscribe</Event></xml>';
    expect((await post()!({ query: signedQuery(), body: unfollow, headers: {} })).body).toBe('success');
    expect(left).toEqual(['follower']);
  });

  it('binds a signed query to the first body it came with: the same query with another body is a replay', async () => {
    const { host, post } = hostFor(async () => [answer]);
    await createWechatChannel({ token: TOKEN, appId: 'wx1', appSecret: 's' }).mount(host);
    const query = signedQuery();
    expect((await post()!({ query, body: textXml('能退款吗'), headers: {} })).body).toContain('7 天内可退');
    expect(await post()!({ query, body: textXml('能退款吗'), headers: {} })).toMatchObject({ status: 200, body: 'success' }); // WeChat's retry
    expect(await post()!({ query, body: textXml('转人工'), headers: {} })).toMatchObject({ status: 401, body: 'WECHAT_REPLAYED' });
  });
});
