import { createHash } from 'node:crypto';
import type { Channel, ChannelHost, ChatMessage, DeliveryResult, FileRef } from '@chatbot/protocol';
import { createAccessToken } from './access-token.ts';
import { createWechatCipher } from './aes-crypto.ts';
import { sendCustomerServiceMessage, sendCustomerServiceText, type WechatApi } from './customer-service-api.ts';
import { WechatError } from './errors.ts';
import { inboundOf, PICTURE_FALLBACK } from './inbound-text.ts';
import { downloadPicture, fitsWechatImage, uploadTemporaryImage, WECHAT_MAX_IMAGE_BYTES } from './wechat-media.ts';
import { signatureMatches, wechatSignature } from './signature.ts';
import { buildWechatXml, parseWechatXml } from './xml.ts';

export interface WechatChannelOptions {
  token: string;
  appId: string;
  appSecret: string;
  /** Set for safe (AES) and compatible mode. */
  encodingAESKey?: string;
  apiBase?: string;
  /** Answer inside the request when ready within this time; later answers go through the customer-service API. */
  passiveReplyMs?: number;
  welcome?: string;
  maxBodyBytes?: number;
  /** Delays before trying a late answer again when WeChat's API failed (not when it refused for good). */
  lateRetryMs?: number[];
  fetch?: typeof fetch;
}

type Response = { status: number; body: string; contentType?: string };
/** Error codes with which the server refuses a file (see the server's docs/errors.md). */
const REFUSED_FILE = new Set(['FILE_TYPE_NOT_ALLOWED', 'PAYLOAD_TOO_LARGE']);
const text = (status: number, body: string): Response => ({ status, body, contentType: 'text/plain; charset=utf-8' });
/** WeChat says nothing of a follower's language: an official account's followers read Chinese (replies to letters still follow the letters). */
const FOLLOWER_LANGUAGE = 'zh-CN';
/** How long a message's id is remembered, against WeChat's retries. */
const SEEN_SECONDS = 600;
/** Beyond the passive window, how long a first copy may take to respond before a retry takes it over. */
const ABANDONED_AFTER_MS = 1500;
/** How far a request's timestamp may be from our clock. */
const MAX_CLOCK_SKEW_SECONDS = 300;

/** What the visitor reads for the bot's replies (suggestions become a numbered list, answered with a number; a flow's choices are listed after its question). */
export function replyText(messages: readonly ChatMessage[]): string {
  return messages
    .map((m) => {
      if (m.type === 'bot-suggest') return `${m.text}\n${m.suggestions.map((s, i) => `${i + 1}. ${s.question}`).join('\n')}\n${/[\u3400-\u9fff]/u.test(m.text) ? '（回复序号即可）' : '(reply with a number)'}`;
      if (m.type === 'bot-flow' && m.choices?.length) return `${m.text}\n（${m.choices.join(' / ')}）`;
      return 'text' in m ? m.text : '';
    })
    .filter(Boolean)
    .join('\n\n');
}

/**
 * The WeChat official-account channel: URL verification, plain / safe / compatible mode messages, the
 * 5-second passive reply with a customer-service API fallback, retry de-duplication, and delivery of agent
 * replies. Mount it on the server: `startServer({ channels: [createWechatChannel({...})] })` → `/wechat`.
 */
export function createWechatChannel(options: WechatChannelOptions): Channel {
  const apiBase = (options.apiBase ?? 'https://api.weixin.qq.com').replace(/\/$/, '');
  const doFetch = options.fetch ?? fetch;
  const cipher = options.encodingAESKey ? createWechatCipher(options.encodingAESKey, options.appId) : undefined;
  const passiveReplyMs = options.passiveReplyMs ?? 4500;
  const maxBodyBytes = options.maxBodyBytes ?? 64 * 1024;
  const welcome = options.welcome ?? '欢迎关注！我是智能客服，有问题直接发消息给我，输入“转人工”可联系人工客服。';
  let host: ChannelHost | undefined;
  let api: WechatApi | undefined;

  const send = (toUser: string, content: string) => sendCustomerServiceText(api!, toUser, content);

  /** A late answer: tried again when WeChat's API failed; one that still did not go out is shown to the agents. */
  async function sendLate(user: string, content: string): Promise<void> {
    let sent: DeliveryResult = { ok: false, code: 'WECHAT_API_ERROR', message: 'not sent' };
    for (const wait of [0, ...(options.lateRetryMs ?? [1000, 4000])]) {
      if (wait) await new Promise((resolve) => setTimeout(resolve, wait));
      sent = await send(user, content).catch((error: unknown): DeliveryResult => ({ ok: false, code: 'WECHAT_API_ERROR', message: error instanceof Error ? error.message : String(error) }));
      if (sent.ok || sent.code !== 'WECHAT_API_ERROR') break;
    }
    if (!sent.ok) await host!.undelivered({ externalUserId: user, text: content, result: sent });
  }

  /** A follower's picture goes into their conversation (the agent sees it); the answer is the bot's reply to it. */
  async function receivePicture(user: string, key: string, url: string, timeoutMs: number): Promise<string> {
    const bytes = await downloadPicture(doFetch, url, { maxBytes: WECHAT_MAX_IMAGE_BYTES, timeoutMs });
    if (!bytes) return PICTURE_FALLBACK;
    try {
      return replyText(await host!.receive({ channel: 'wechat', externalUserId: user, clientId: `wechat:${key}`, language: FOLLOWER_LANGUAGE, file: { name: `wechat-${key}.jpg`, bytes } }));
    } catch (error) {
      // The server refused the file (too large, not a picture): the follower is asked for words instead.
      if (!REFUSED_FILE.has((error as { code?: string }).code ?? '')) throw error;
      return PICTURE_FALLBACK;
    }
  }

  /** An agent's picture goes out as an image message; WeChat's customer-service messages carry no other files. */
  async function deliverFile(user: string, file: FileRef): Promise<DeliveryResult> {
    if (!fitsWechatImage(file)) return { ok: false, code: 'WECHAT_UNSUPPORTED_FILE', message: `WeChat customer-service messages carry PNG, JPEG and GIF pictures up to 10 MB, so "${file.name}" (${file.mime}) was not sent: send it another way` };
    const stored = await host!.readFile(file.id);
    if (!stored) return { ok: false, code: 'WECHAT_API_ERROR', message: `the file "${file.name}" is no longer stored` };
    const uploaded = await uploadTemporaryImage(api!, stored);
    return uploaded.ok ? sendCustomerServiceMessage(api!, user, { msgtype: 'image', image: { media_id: uploaded.mediaId } }) : uploaded;
  }

  function verified(query: Record<string, string>): boolean {
    return signatureMatches(wechatSignature([options.token, query['timestamp'] ?? '', query['nonce'] ?? '']), query['signature']);
  }

  /** A first copy still without a response after the passive window (and WeChat's 5 s) died with its node. */
  const abandoned = (mark: string | undefined) => mark?.startsWith('pending:') === true && Date.now() - Number(mark.slice('pending:'.length)) > passiveReplyMs + ABANDONED_AFTER_MS;

  /** A signed request older (or newer) than this is a replay: its signature covers no body in plain mode. */
  const fresh = (query: Record<string, string>) => /^\d{1,12}$/.test(query['timestamp'] ?? '') && Math.abs(Date.now() / 1000 - Number(query['timestamp'])) <= MAX_CLOCK_SKEW_SECONDS;

  async function handle(query: Record<string, string>, body: string): Promise<Response> {
    if (Buffer.byteLength(body) > maxBodyBytes) return text(413, 'WECHAT_BODY_TOO_LARGE');
    if (!verified(query)) return text(401, 'WECHAT_BAD_SIGNATURE');
    if (!fresh(query)) return text(401, 'WECHAT_STALE_REQUEST');
    // In plain mode the signature covers no body: a signed query seen in a log could carry another body within
    // its five minutes. Each signed query is bound to the first body it came with.
    const bound = `wechat:signed:${options.appId}:${query['timestamp']}:${query['nonce']}:${query['signature']}`;
    const digest = createHash('sha256').update(body).digest('hex');
    if (!(await host!.kv.setIfAbsent(bound, digest, MAX_CLOCK_SKEW_SECONDS * 2)) && (await host!.kv.get(bound)) !== digest) return text(401, 'WECHAT_REPLAYED');
    const safe = query['encrypt_type'] === 'aes';
    let fields = parseWechatXml(body);
    if (safe) {
      if (!cipher) throw new WechatError('WECHAT_BAD_CONFIG', 'an encrypted message arrived but no EncodingAESKey is configured');
      const encrypted = fields['Encrypt'] ?? '';
      if (!signatureMatches(wechatSignature([options.token, query['timestamp'] ?? '', query['nonce'] ?? '', encrypted]), query['msg_signature'])) return text(401, 'WECHAT_BAD_SIGNATURE');
      fields = parseWechatXml(cipher.decrypt(encrypted));
    }
    const user = fields['FromUserName'];
    const account = fields['ToUserName'];
    if (!user || !account) throw new WechatError('WECHAT_BAD_XML', 'FromUserName and ToUserName are required');
    // WeChat retries a request it got no response to within 5 s, up to three times: only the first copy is
    // answered, unless it never got a response (its node died): then a retry answers it.
    const dedupeKey = fields['MsgId'] ?? `${user}:${fields['CreateTime'] ?? ''}:${fields['Event'] ?? ''}`;
    const seenKey = `wechat:seen:${options.appId}:${dedupeKey}`;
    const pending = `pending:${Date.now()}`;
    if (!(await host!.kv.setIfAbsent(seenKey, pending, SEEN_SECONDS))) {
      if (!abandoned(await host!.kv.get(seenKey))) return text(200, 'success');
      await host!.kv.set(seenKey, pending, SEEN_SECONDS);
    }
    try {
      const response = await respond(query, fields, user, account, dedupeKey, safe);
      await host!.kv.set(seenKey, 'answered', SEEN_SECONDS);
      return response;
    } catch (error) {
      // Not handled after all (the database away a moment): WeChat's retry, 5 s later, must be let through (the mark expires at once).
      await host!.kv.set(seenKey, 'failed', 0).catch(() => undefined);
      throw error;
    }
  }

  /** The reply to a message seen for the first time: passive within the 5-second window, else through the customer-service API. */
  async function respond(query: Record<string, string>, fields: Record<string, string>, user: string, account: string, dedupeKey: string, safe: boolean): Promise<Response> {
    const reply = (content: string): Response => {
      const xml = buildWechatXml({ ToUserName: user, FromUserName: account, CreateTime: Math.floor(Date.now() / 1000), MsgType: 'text', Content: content });
      if (!safe || !cipher) return { status: 200, body: xml, contentType: 'application/xml' };
      const timestamp = String(Math.floor(Date.now() / 1000));
      const nonce = query['nonce'] ?? '';
      const encrypted = cipher.encrypt(xml);
      return { status: 200, body: buildWechatXml({ Encrypt: encrypted, MsgSignature: wechatSignature([options.token, timestamp, nonce, encrypted]), TimeStamp: Number(timestamp), Nonce: nonce }), contentType: 'application/xml' };
    };

    const inbound = inboundOf(fields, welcome);
    if (inbound.kind === 'ignore') return text(200, 'success');
    if (inbound.kind === 'reply') return reply(inbound.text);
    if (inbound.kind === 'left') {
      await host!.visitorLeft(user);
      return text(200, 'success');
    }
    const started = Date.now();
    const answer = inbound.kind === 'picture'
      ? receivePicture(user, dedupeKey, inbound.url, Math.max(1000, passiveReplyMs - 1000))
      : host!.receive({ channel: 'wechat', externalUserId: user, clientId: `wechat:${dedupeKey}`, language: FOLLOWER_LANGUAGE, text: inbound.text }).then(replyText);
    const late = Symbol('late');
    const first = await Promise.race([answer, new Promise<typeof late>((resolve) => setTimeout(() => resolve(late), passiveReplyMs))]);
    // An answer that only just made it past a busy event loop may already be too late for WeChat.
    if (first !== late && Date.now() - started <= passiveReplyMs) return first ? reply(first) : text(200, 'success');
    // Too slow for the 5-second window: acknowledge now, deliver through the customer-service API later.
    void answer.then((content) => (content ? sendLate(user, content) : undefined)).catch((error: unknown) => console.error('wechat: late reply failed', error));
    return text(200, 'success');
  }

  return {
    name: 'wechat',
    mount(channelHost) {
      host = channelHost;
      api = { apiBase, fetch: doFetch, token: createAccessToken({ appId: options.appId, appSecret: options.appSecret, apiBase, fetch: doFetch, kv: channelHost.kv }) };
      channelHost.route('GET', '/', async ({ query }) => (!verified(query) ? text(401, 'WECHAT_BAD_SIGNATURE') : !fresh(query) ? text(401, 'WECHAT_STALE_REQUEST') : text(200, query['echostr'] ?? '')));
      channelHost.route('POST', '/', async ({ query, body }) => {
        try {
          return await handle(query, body);
        } catch (error) {
          if (error instanceof WechatError) return text(error.code === 'WECHAT_APPID_MISMATCH' ? 401 : 400, error.code);
          throw error;
        }
      });
    },
    async deliver({ externalUserId, message }) {
      if (!api) return { ok: false, code: 'WECHAT_API_ERROR', message: 'the WeChat channel is not mounted' };
      if (message.type === 'agent-file') return deliverFile(externalUserId, message.file);
      const content = replyText([message]);
      if (!content) return { ok: true };
      return send(externalUserId, content);
    },
  };
}
