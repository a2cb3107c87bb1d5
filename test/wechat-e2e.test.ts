import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage, ConversationSummary } from '../packages/protocol/src/index.ts';
import { startServer, type RunningServer } from '../packages/server/src/index.ts';
import { createStore } from '../packages/server/src/store/store.ts';
import { createWechatChannel, wechatSignature } from '../packages/wechat-adapter/src/index.ts';
import { call, connectAgent, loginAgent, until } from './support/clients.ts';
import { PNG } from './support/files.ts';
import { dropSchema, POSTGRES_URL } from './support/postgres.ts';

const WXBizMsgCrypt = createRequire(new URL('../packages/wechat-adapter/package.json', import.meta.url))('wechat-crypto') as new (t: string, k: string, a: string) => { encrypt(x: string): string; decrypt(x: string): { message: string; id: string } };
const KB = new URL('../packages/core/test-fixtures/edu.jsonl', import.meta.url).pathname;
const TOKEN = 'spamtest';
const KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const APP_ID = 'wx2c2769f8efd9abc2';

/** A stand-in for api.weixin.qq.com on loopback: issues tokens and records customer-service messages. */
async function fakeWechatApi() {
  const sent: { touser: string; content: string; token: string }[] = [];
  const images: { touser: string; mediaId: string }[] = [];
  const uploads: Buffer[] = [];
  let tokens = 0;
  const faults = { staleSends: 1, tokenFailures: 0, tokenDelayMs: 0 };
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://x');
    if (url.pathname === '/cgi-bin/token') {
      if (faults.tokenFailures > 0 && faults.tokenFailures--) return void response.end(JSON.stringify({ errcode: -1, errmsg: 'system error' }));
      return void setTimeout(() => response.end(JSON.stringify({ access_token: `T${++tokens}`, expires_in: 7200 })), faults.tokenDelayMs);
    }
    // Standing in for WeChat's picture servers (a follower's PicUrl).
    if (url.pathname === '/pic/follower.png') return void response.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
    if (url.pathname.startsWith('/pic/')) return void response.writeHead(404).end();
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      if (faults.staleSends > 0) {
        faults.staleSends--; // the first send meets an expired token, as WeChat does after a restart elsewhere
        return void response.end(JSON.stringify({ errcode: 40001, errmsg: 'invalid credential' }));
      }
      if (url.pathname === '/cgi-bin/media/upload') {
        uploads.push(Buffer.concat(chunks));
        return void response.end(JSON.stringify({ type: url.searchParams.get('type'), media_id: `MEDIA${uploads.length}`, created_at: 1 }));
      }
      const payload = JSON.parse(Buffer.concat(chunks).toString()) as { touser: string; msgtype: string; text?: { content: string }; image?: { media_id: string } };
      if (payload.touser === 'user-out-of-window') return void response.end(JSON.stringify({ errcode: 45015, errmsg: 'response out of time limit' }));
      if (payload.msgtype === 'image') images.push({ touser: payload.touser, mediaId: payload.image!.media_id });
      else sent.push({ touser: payload.touser, content: payload.text!.content, token: url.searchParams.get('access_token') ?? '' });
      response.end(JSON.stringify({ errcode: 0, errmsg: 'ok' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return { url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`, sent, images, uploads, faults, tokenCalls: () => tokens, close: () => server.close() };
}

const signed = (extra: Record<string, string> = {}) => {
  const [timestamp, nonce] = [String(Math.floor(Date.now() / 1000)), String(Math.floor(Math.random() * 1e9))];
  return new URLSearchParams({ timestamp, nonce, signature: wechatSignature([TOKEN, timestamp, nonce]), ...extra });
};
const textXml = (from: string, content: string, msgId: string) => `<xml><ToUserName><![CDATA[gh_account]]></ToUserName><FromUserName><![CDATA[${from}]]></FromUserName><CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${content}]]></Content><MsgId>${msgId}</MsgId></xml>`;

describe('WeChat channel on the real server, against a fake WeChat API on loopback', () => {
  let server: RunningServer;
  let api: Awaited<ReturnType<typeof fakeWechatApi>>;
  const handled = new Set<string>();
  const post = (query: URLSearchParams, body: string) => fetch(`${server.url}/wechat?${query}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body });

  beforeAll(async () => {
    api = await fakeWechatApi();
    server = await startServer({ port: 0, knowledge: KB, demoAgent: { email: 'demo@example.com', password: 'demo1234' }, channelGroups: { wechat: '售后' }, channels: [createWechatChannel({ token: TOKEN, appId: APP_ID, appSecret: 'secret', encodingAESKey: KEY, apiBase: api.url })] });
  });
  afterAll(async () => {
    await server.close();
    api.close();
  });

  it('verifies the server URL and refuses a bad signature', async () => {
    const ok = await fetch(`${server.url}/wechat?${signed({ echostr: 'hello123' })}`);
    expect([ok.status, await ok.text()]).toEqual([200, 'hello123']);
    expect((await fetch(`${server.url}/wechat?timestamp=1&nonce=2&signature=${'0'.repeat(40)}&echostr=x`)).status).toBe(401);
  });

  it('answers a plain-mode text message passively and ignores WeChat\'s retry of it', async () => {
    const query = signed();
    const first = await post(query, textXml('user-plain', '课程可以退宽吗', '1001'));
    const xml = await first.text();
    expect(xml).toContain('<MsgType><![CDATA[text]]></MsgType>');
    expect(xml).toContain('7 天内');
    expect(xml).toContain('<ToUserName><![CDATA[user-plain]]></ToUserName>');
    const retry = await post(signed(), textXml('user-plain', '课程可以退宽吗', '1001'));
    expect(await retry.text()).toBe('success');
  });

  it('decrypts a safe-mode message made by another implementation and encrypts the reply', async () => {
    const theirs = new WXBizMsgCrypt(TOKEN, KEY, APP_ID);
    const encrypted = theirs.encrypt(textXml('user-safe', '发票怎么开', '1002'));
    const query = signed({ encrypt_type: 'aes' });
    query.set('msg_signature', wechatSignature([TOKEN, query.get('timestamp')!, query.get('nonce')!, encrypted]));
    const response = await post(query, `<xml><ToUserName><![CDATA[gh_account]]></ToUserName><Encrypt><![CDATA[${encrypted}]]></Encrypt></xml>`);
    const body = await response.text();
    const [, replyEncrypted] = /<Encrypt><!\[CDATA\[(.*?)\]\]><\/Encrypt>/.exec(body) ?? [];
    const [, timestamp] = /<TimeStamp>(\d+)<\/TimeStamp>/.exec(body) ?? [];
    const [, signature] = /<MsgSignature><!\[CDATA\[(.*?)\]\]><\/MsgSignature>/.exec(body) ?? [];
    expect(signature).toBe(wechatSignature([TOKEN, timestamp!, query.get('nonce')!, replyEncrypted!]));
    const decrypted = theirs.decrypt(replyEncrypted!);
    expect(decrypted.id).toBe(APP_ID);
    expect(decrypted.message).toContain('申请发票');
    // A tampered msg_signature is refused.
    query.set('msg_signature', '0'.repeat(40));
    expect((await post(query, `<xml><Encrypt><![CDATA[${encrypted}]]></Encrypt></xml>`)).status).toBe(401);
  });

  it('welcomes new followers and answers other message types politely', async () => {
    const subscribe = await post(signed(), `<xml><ToUserName>gh_account</ToUserName><FromUserName>user-new</FromUserName><CreateTime>1</CreateTime><MsgType>event</MsgType><Event>subscribe</Event></xml>`);
    expect(await subscribe.text()).toContain('欢迎关注');
    const video = await post(signed(), `<xml><ToUserName>gh_account</ToUserName><FromUserName>user-new</FromUserName><CreateTime>2</CreateTime><MsgType>shortvideo</MsgType><MsgId>1003</MsgId></xml>`);
    expect([video.status, await video.text()]).toEqual([200, expect.stringContaining('请发送文字')]);
  });

  it('refuses bad XML, XXE, oversized bodies and bad signatures cleanly', async () => {
    expect((await post(signed(), '<xml><Content>unclosed</xml>')).status).toBe(400);
    const xxe = await post(signed(), '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName><MsgType>text</MsgType><Content>&e;</Content></xml>');
    expect([xxe.status, await xxe.text()]).toEqual([400, 'WECHAT_BAD_XML']);
    expect((await post(signed(), `<xml><Content>${'x'.repeat(70_000)}</Content></xml>`)).status).toBe(413);
    expect((await post(new URLSearchParams({ timestamp: '1', nonce: '2', signature: 'bad' }), textXml('u', 'hi', '9'))).status).toBe(401);
  });

  it('hands a WeChat visitor to an agent whose reply goes out through the customer-service API, telling them each step', async () => {
    expect(await (await post(signed(), textXml('user-human', '转人工', '2001'))).text()).toContain('已为您转接人工客服');
    const token = await loginAgent(server.url);
    const agent = await connectAgent(server.url, token);
    const conversation = await until('the WeChat visitor assigned to the agent', async () => {
      const list = (await (await fetch(`${server.url}/api/conversations?state=agent`, { headers: { authorization: `Bearer ${token}` } })).json()) as ConversationSummary[];
      return list.find((c) => c.visitor.channel === 'wechat');
    }, 250);
    handled.add(conversation.id);
    expect(conversation.group).toBe('售后'); // CHANNEL_GROUPS: WeChat followers go to that group's agents
    expect((await call(agent, 'conversation:reply', { conversationId: conversation.id, clientId: 'w1', text: '您好，这里是人工客服。' })).ok).toBe(true);
    await until('the agent-joined line', () => api.sent.find((m) => m.touser === 'user-human' && m.content.startsWith('客服已接入')));
    await until('the customer-service message', () => api.sent.find((m) => m.touser === 'user-human' && m.content === '您好，这里是人工客服。'));
    expect(api.tokenCalls()).toBe(2); // the stale token was refreshed once and the send retried
    agent.close();
  });

  it('sends a proactive message to a tagged follower through the customer-service API, and 退订 stops it', async () => {
    const token = await loginAgent(server.url);
    const admin = (path: string, body: unknown, method = 'POST') => fetch(`${server.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    await admin('/api/knowledge/english-course', { questions: ['少儿英语课程有哪些'], answer: '有自然拼读、口语和阅读三个系列。', tags: ['english'] }, 'PUT');
    await admin('/api/proactive/rules', { frequencyCap: { count: 2, days: 7 }, quietHours: null, optOutWords: ['退订'], optInWords: ['订阅'] }, 'PUT');
    expect(await (await post(signed(), textXml('user-promo', '少儿英语课程有哪些', '4001'))).text()).toContain('自然拼读');
    const campaign = async () => (await (await admin('/api/proactive/campaigns', { text: '暑期班开始报名啦', tags: ['english'], channels: ['wechat'] })).json()) as { sent: number; skipped: { optedOut: number } };
    expect((await campaign()).sent).toBe(1);
    await until('the proactive message at WeChat', () => api.sent.find((m) => m.touser === 'user-promo' && m.content === '暑期班开始报名啦'));
    expect(await (await post(signed(), textXml('user-promo', '退订', '4002'))).text()).toContain('已退订');
    expect((await campaign()).skipped.optedOut).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(api.sent.filter((m) => m.touser === 'user-promo')).toHaveLength(1);
  });

  /** A follower sends 转人工; the demo agent logs in, gets their conversation, and collects the messages it hears. */
  async function handOffFollower(follower: string, msgId: string) {
    await post(signed(), textXml(follower, '转人工', msgId));
    const token = await loginAgent(server.url);
    const agent = await connectAgent(server.url, token);
    const notes: ChatMessage[] = [];
    agent.on('message', (m) => notes.push(m));
    const conversation = await until('assigned', async () => ((await (await fetch(`${server.url}/api/conversations?state=agent`, { headers: { authorization: `Bearer ${token}` } })).json()) as ConversationSummary[]).find((c) => c.visitor.channel === 'wechat' && !handled.has(c.id)), 250);
    handled.add(conversation.id);
    return { agent, notes, conversation, token };
  }

  it('shows the agent a clear note when WeChat refuses a reply outside the 48-hour window', async () => {
    const { agent, notes, conversation } = await handOffFollower('user-out-of-window', '3001');
    await call(agent, 'conversation:reply', { conversationId: conversation.id, clientId: 'w2', text: '还在吗？' });
    const note = await until('the delivery-failure note', () => notes.find((m) => m.type === 'note' && m.text.includes('this reply') && m.text.includes('WECHAT_OUT_OF_WINDOW')));
    expect(note.type).toBe('note');
    agent.close();
  });

  it('shows the agent a note when the reply cannot go out because WeChat will not give an access token', async () => {
    const { agent, notes, conversation } = await handOffFollower('user-no-token', '3101');
    api.faults.staleSends = 1;
    api.faults.tokenFailures = 1;
    await call(agent, 'conversation:reply', { conversationId: conversation.id, clientId: 'w3', text: '您好？' });
    const note = await until('the delivery-failure note', () => notes.find((m) => m.type === 'note' && m.text.includes('did not deliver this reply')));
    expect(note.type === 'note' && note.text).toContain('WECHAT_API_ERROR');
    agent.close();
  });

  it('answers a number with the suggestion it picks from the numbered "did you mean" list', async () => {
    const listed = await (await post(signed(), textXml('user-pick', '多少钱', '6001'))).text();
    expect(listed).toContain('1. 小班课多少钱');
    expect(listed).toContain('回复序号即可');
    expect(await (await post(signed(), textXml('user-pick', '1', '6002'))).text()).toContain('小班课每节 80 元');
  });

  it('meets a follower\'s emoji with a short line on the same turn logic: thanks after an answer, no hand-off, nothing unanswered', async () => {
    const content = async (text: string, msgId: string) => /<Content><!\[CDATA\[([\s\S]*?)\]\]><\/Content>/.exec(await (await post(signed(), textXml('user-emoji', text, msgId))).text())?.[1];
    expect(await content('课程可以退款吗', '6501')).toContain('7 天内');
    expect(await content('👍', '6502')).toMatch(/^不客气/);
    expect([await content('😀😀', '6503'), await content('😀😀', '6504')]).toEqual([expect.stringMatching(/^请问有什么可以帮您/), expect.stringMatching(/^请问有什么可以帮您/)]);
    const token = await loginAgent(server.url);
    const withBot = (await (await fetch(`${server.url}/api/conversations?state=bot`, { headers: { authorization: `Bearer ${token}` } })).json()) as ConversationSummary[];
    expect(withBot.find((c) => c.visitor.channel === 'wechat' && c.lastMessage?.startsWith('请问有什么可以帮您'))).toBeDefined();
    const unanswered = (await (await fetch(`${server.url}/api/unanswered`, { headers: { authorization: `Bearer ${token}` } })).json()) as { text: string }[];
    expect(unanswered.map((u) => u.text)).not.toContain('😀😀');
  });

  it('serves a blocked follower nothing, and takes odd messages without an error: a NUL inside, an empty link', async () => {
    expect(await (await post(signed(), textXml('user-odd', '教材快递\u0000多久能到', '7001'))).text()).toContain('顺丰');
    const link = await post(signed(), `<xml><ToUserName>gh_account</ToUserName><FromUserName>user-odd</FromUserName><CreateTime>1</CreateTime><MsgType>link</MsgType><Title></Title><Description></Description><Url>https://example.com</Url><MsgId>7002</MsgId></xml>`);
    expect([link.status, await link.text()]).toEqual([200, 'success']);

    const token = await loginAgent(server.url);
    const conversations = (await (await fetch(`${server.url}/api/conversations?state=bot`, { headers: { authorization: `Bearer ${token}` } })).json()) as ConversationSummary[];
    const odd = conversations.find((c) => c.visitor.channel === 'wechat' && c.lastMessage?.includes('顺丰'))!;
    const before = (await (await fetch(`${server.url}/api/conversations/${odd.id}`, { headers: { authorization: `Bearer ${token}` } })).json()) as { messages: ChatMessage[] };
    expect(before.messages.map((m) => m.type)).toEqual(['visitor-text', 'bot-answer']);
    const block = await fetch(`${server.url}/api/visitors/${odd.visitor.visitorId}/block`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ blocked: true }) });
    expect(block.status).toBe(200);
    expect(await (await post(signed(), textXml('user-odd', '转人工', '7003'))).text()).toBe('success');
    const after = (await (await fetch(`${server.url}/api/conversations/${odd.id}`, { headers: { authorization: `Bearer ${token}` } })).json()) as { messages: ChatMessage[]; conversation: { state: string } };
    expect(after.messages).toHaveLength(2);
  });

  it('refuses a replayed request: correctly signed, but an hour old', async () => {
    const timestamp = String(Math.floor(Date.now() / 1000) - 3600);
    const old = new URLSearchParams({ timestamp, nonce: '5', signature: wechatSignature([TOKEN, timestamp, '5']) });
    const response = await post(old, textXml('user-replay', '转人工', '8001'));
    expect([response.status, await response.text()]).toEqual([401, 'WECHAT_STALE_REQUEST']);
  });

  it('takes a follower\'s picture into the conversation and sends the agent\'s picture back as an image message', async () => {
    const pictureXml = (from: string, picUrl: string, msgId: string) => `<xml><ToUserName>gh_account</ToUserName><FromUserName>${from}</FromUserName><CreateTime>1</CreateTime><MsgType>image</MsgType><PicUrl><![CDATA[${picUrl}]]></PicUrl><MediaId>m${msgId}</MediaId><MsgId>${msgId}</MsgId></xml>`;
    // While the bot serves the follower, it says it cannot read pictures and how to reach a person.
    expect(await (await post(signed(), pictureXml('user-picture', `${api.url}/pic/follower.png`, '5001'))).text()).toContain('看不懂图片');
    // A picture WeChat cannot give us (gone, or not a picture) gets the request for words, and nothing is stored.
    expect(await (await post(signed(), pictureXml('user-picture', `${api.url}/pic/gone.png`, '5002'))).text()).toContain('请用文字描述');

    const { agent, notes, conversation, token } = await handOffFollower('user-picture', '5003');
    const detail = (await call<{ messages: ChatMessage[] }>(agent, 'conversation:open', { conversationId: conversation.id })) as { messages: ChatMessage[] };
    const pictures = detail.messages.filter((m) => m.type === 'visitor-file');
    expect(pictures).toHaveLength(1);
    const picture = pictures[0]!.type === 'visitor-file' ? pictures[0]!.file : undefined;
    expect(picture?.mime).toBe('image/png');
    expect(Buffer.compare(Buffer.from(await (await fetch(`${server.url}/api/files/${picture?.id}`)).arrayBuffer()), PNG)).toBe(0);

    const sendFile = (name: string, bytes: Buffer, clientId: string) => fetch(`${server.url}/api/conversations/${conversation.id}/files`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream', 'x-client-id': clientId, 'x-file-name': name }, body: new Blob([new Uint8Array(bytes)]) });
    expect((await sendFile('map.png', PNG, 'wf1')).status).toBe(200);
    const image = await until('the image message at WeChat', () => api.images.find((m) => m.touser === 'user-picture'));
    expect(api.uploads.some((u) => u.includes(PNG))).toBe(true);
    expect(image.mediaId).toMatch(/^MEDIA\d+$/);
    // A PDF cannot go out as a customer-service message: the agent is told, nothing is sent.
    expect((await sendFile('guide.pdf', Buffer.from('%PDF-1.4\n%%EOF\n'), 'wf2')).status).toBe(200);
    await until('the unsupported-file note', () => notes.find((m) => m.type === 'note' && m.text.includes('WECHAT_UNSUPPORTED_FILE')));
    expect(api.images.filter((m) => m.touser === 'user-picture')).toHaveLength(1);
    agent.close();
  });

  it('takes a busy account\'s pushes beyond the per-address limit, all from WeChat\'s one address', async () => {
    // 310 signed pushes a minute from one address: menu events without a key, which the bot ignores.
    const click = (i: number) => `<xml><ToUserName>gh_account</ToUserName><FromUserName>user-busy-${i}</FromUserName><CreateTime>${i}</CreateTime><MsgType>event</MsgType><Event>CLICK</Event><EventKey></EventKey></xml>`;
    const statuses: number[] = [];
    for (let batch = 0; batch < 310; batch += 31) statuses.push(...(await Promise.all(Array.from({ length: 31 }, (_, k) => post(signed(), click(batch + k)).then((r) => r.status)))));
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
  });

  it('delivers an agent\'s lines to a follower in the order they were written, though the first waits for a new token', async () => {
    const token = await loginAgent(server.url);
    const agent = await connectAgent(server.url, token);
    try {
      expect(await (await post(signed(), textXml('user-order', '转人工', '8201'))).text()).toContain('已为您转接人工客服');
      const conversation = await until('assigned', async () => {
        const list = (await (await fetch(`${server.url}/api/conversations?state=agent`, { headers: { authorization: `Bearer ${token}` } })).json()) as ConversationSummary[];
        for (const c of list.filter((c) => c.visitor.channel === 'wechat' && !handled.has(c.id))) {
          const opened = await call<{ messages: ChatMessage[] }>(agent, 'conversation:open', { conversationId: c.id });
          if (opened.ok && opened.messages.some((m) => m.type === 'visitor-text' && m.text === '转人工') && opened.messages.length < 6) return c;
        }
        return undefined;
      }, 100);
      handled.add(conversation.id);
      // The next send meets an expired token and waits 300 ms for a new one.
      Object.assign(api.faults, { staleSends: 1, tokenDelayMs: 300 });
      for (const line of ['1. 您好', '2. 已查到订单', '3. 退款已提交']) void call(agent, 'conversation:reply', { conversationId: conversation.id, clientId: `o-${line}`, text: line });
      await until('three lines out', () => api.sent.filter((m) => m.touser === 'user-order' && /^\d\./.test(m.content)).length === 3);
      const stored = await call<{ messages: ChatMessage[] }>(agent, 'conversation:open', { conversationId: conversation.id });
      const written = stored.ok ? stored.messages.flatMap((m) => (m.type === 'agent-text' ? [m.text] : [])) : [];
      expect(written).toHaveLength(3);
      expect(api.sent.filter((m) => m.touser === 'user-order' && /^\d\./.test(m.content)).map((m) => m.content)).toEqual(written);
    } finally {
      api.faults.tokenDelayMs = 0;
      agent.close();
    }
  });

  it('tells a queued follower nobody is online, and closes their conversation when they unfollow, with a note, so no agent takes it', async () => {
    const token = await loginAgent(server.url);
    const agent = await connectAgent(server.url, token);
    expect((await call(agent, 'presence:set', { status: 'away' })).ok).toBe(true);
    try {
      const queuedReply = await (await post(signed(), textXml('user-leaving', '转人工，订单 8101', '8101'))).text();
      expect(queuedReply).toContain('已为您转接人工客服');
      expect(queuedReply).toContain('现在没有客服在线，您的消息已记下'); // as the widget says it
      expect(queuedReply).not.toContain('You are in the queue'); // the server's lines in the follower's language only
      expect(await (await post(signed(), textXml('user-leaving', '有人吗', '8102'))).text()).toBe('success'); // not again within the minute
      const queued = await until('queued', async () => {
        const list = (await (await fetch(`${server.url}/api/conversations?state=queued`, { headers: { authorization: `Bearer ${token}` } })).json()) as ConversationSummary[];
        for (const c of list.filter((c) => c.visitor.channel === 'wechat')) {
          const opened = await call<{ messages: ChatMessage[] }>(agent, 'conversation:open', { conversationId: c.id });
          if (opened.ok && opened.messages.some((m) => m.type === 'visitor-text' && m.text.includes('8101'))) return c;
        }
        return undefined;
      }, 100);
      const unfollow = `<xml><ToUserName>gh_account</ToUserName><FromUserName>user-leaving</FromUserName><CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime><MsgType>event</MsgType><Event>unsubscribe</Event></xml>`;
      expect(await (await post(signed(), unfollow)).text()).toBe('success');
      const detail = await call<{ conversation: ConversationSummary; messages: ChatMessage[] }>(agent, 'conversation:open', { conversationId: queued.id });
      expect(detail.ok && detail.conversation.state).toBe('closed');
      expect(detail.ok && detail.messages.some((m) => m.type === 'note' && m.text.includes('取消关注'))).toBe(true);
    } finally {
      await call(agent, 'presence:set', { status: 'online' });
      agent.close();
    }
  });
});

describe('WeChat 5-second rule', () => {
  it('acknowledges at once and sends a slow answer through the customer-service API', async () => {
    const api = await fakeWechatApi();
    const server = await startServer({ port: 0, knowledge: KB, channels: [createWechatChannel({ token: TOKEN, appId: APP_ID, appSecret: 'secret', apiBase: api.url, passiveReplyMs: 0 })] });
    try {
      const response = await fetch(`${server.url}/wechat?${signed()}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: textXml('user-slow', '怎么预约试听课', '4001') });
      expect(await response.text()).toBe('success');
      const late = await until('the late answer', () => api.sent.find((m) => m.touser === 'user-slow'));
      expect(late.content).toContain('试听');
    } finally {
      await server.close();
      api.close();
    }
  });

  it('pushes no idle close to a follower, and answers digits in Chinese', async () => {
    const api = await fakeWechatApi();
    const server = await startServer({ port: 0, knowledge: KB, demoAgent: { email: 'demo@example.com', password: 'demo1234' }, idle: { botMs: 500, agentMs: 60_000, sweepMs: 100 }, channels: [createWechatChannel({ token: TOKEN, appId: APP_ID, appSecret: 'secret', apiBase: api.url })] });
    try {
      const reply = await (await fetch(`${server.url}/wechat?${signed()}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: textXml('user-idle', '123', '7001') })).text();
      expect(reply).toMatch(/[\u4e00-\u9fff]/); // a Chinese follower's "123" is not answered in English
      const token = await loginAgent(server.url);
      await until('the idle close', async () => {
        const closed = (await (await fetch(`${server.url}/api/conversations?state=closed`, { headers: { authorization: `Bearer ${token}` } })).json()) as ConversationSummary[];
        return closed.some((c) => c.visitor.channel === 'wechat');
      }, 100);
      await new Promise((resolve) => setTimeout(resolve, 500)); // a push of the close would be out by now
      expect(api.sent.filter((m) => m.touser === 'user-idle')).toEqual([]);
    } finally {
      await server.close();
      api.close();
    }
  });
});

describe('WeChat on PostgreSQL: messages arriving together', () => {
  const schema = `wechat_${randomBytes(6).toString('hex')}`;
  let server: RunningServer;
  let api: Awaited<ReturnType<typeof fakeWechatApi>>;
  const post = (body: string) => fetch(`${server.url}/wechat?${signed()}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body });
  beforeAll(async () => {
    api = await fakeWechatApi();
    server = await startServer({ port: 0, knowledge: KB, databaseUrl: POSTGRES_URL, databaseSchema: schema, demoAgent: { email: 'demo@example.com', password: 'demo1234' }, channels: [createWechatChannel({ token: TOKEN, appId: APP_ID, appSecret: 'secret', apiBase: api.url })] });
  });
  afterAll(async () => {
    await server?.close();
    api?.close();
    await dropSchema(schema);
  });

  it('answers each of several messages sent together with its own answer only', async () => {
    const asked = [['课程可以退款吗', '7 天内'], ['怎么开发票', '申请发票'], ['支持支付宝吗', '银行卡'], ['教材快递多久能到', '顺丰'], ['小班课多少钱', '80 元']];
    for (let round = 0; round < 3; round++) {
      const replies = await Promise.all(asked.map(([question], i) => post(textXml(`user-burst-${round}`, question!, `9${round}${i}`)).then((r) => r.text())));
      replies.forEach((xml, i) => asked.forEach(([, mark], k) => expect(xml.includes(mark!), `round ${round}: reply ${i} holding answer ${k}`).toBe(i === k)));
    }
  });

  it('answers WeChat\'s retry of a message whose first copy was stored but never answered (its node died mid-turn)', async () => {
    const store = await createStore({ databaseUrl: POSTGRES_URL, schema });
    try {
      // What a node leaves when it dies between storing a follower's question and answering it.
      const { visitor } = await store.createVisitor({ channel: 'wechat', externalId: 'user-crash' });
      const conversation = await store.currentConversation(visitor.id);
      await store.appendMessage(conversation.id, { type: 'visitor-text', text: '课程可以退款吗', clientId: 'wechat:9901' });
      await store.kv.set(`wechat:seen:${APP_ID}:9901`, `pending:${Date.now() - 20_000}`, 600);
      expect(await (await post(textXml('user-crash', '课程可以退款吗', '9901'))).text()).toContain('7 天内');
      expect((await store.messages(conversation.id)).filter((m) => m.type === 'bot-answer')).toHaveLength(1);
      expect(await (await post(textXml('user-crash', '课程可以退款吗', '9901'))).text()).toBe('success');
    } finally {
      await store.close();
    }
  });

  it('gives a new follower\'s first messages, all at once, one visitor and one conversation', async () => {
    const statuses = await Promise.all(Array.from({ length: 5 }, (_, user) => Array.from({ length: 3 }, (_, k) => post(textXml(`user-new-${user}`, ['你好', '课程可以退款吗', '怎么开发票'][k]!, `95${user}${k}`)).then((r) => r.status))).flat());
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    const token = await loginAgent(server.url);
    const conversations = (await (await fetch(`${server.url}/api/conversations?state=bot`, { headers: { authorization: `Bearer ${token}` } })).json()) as ConversationSummary[];
    const perVisitor = new Map<string, number>();
    for (const c of conversations.filter((c) => c.visitor.channel === 'wechat')) perVisitor.set(c.visitor.visitorId, (perVisitor.get(c.visitor.visitorId) ?? 0) + 1);
    expect([...perVisitor.values()].filter((n) => n > 1)).toEqual([]);
  });
});
