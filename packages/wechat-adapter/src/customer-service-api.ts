import type { DeliveryResult } from '@chatbot/protocol';
import type { createAccessToken } from './access-token.ts';

const TOKEN_ERRORS = new Set([40001, 40014, 42001]);
/** A send WeChat has not answered in this time failed (the agent sees a note; a late answer is tried again). */
const SEND_TIMEOUT_MS = 10_000;

export interface WechatApi {
  apiBase: string;
  fetch: typeof fetch;
  token: ReturnType<typeof createAccessToken>;
}

export type WechatApiBody = { errcode?: number; errmsg?: string } & Record<string, unknown>;

/** Calls a WeChat API with the access token; when WeChat says the token is stale, refreshes it once and calls again. */
export async function withAccessToken(api: WechatApi, request: (token: string) => Promise<Response>): Promise<WechatApiBody> {
  const first = await api.token.get();
  const body = (await (await request(first)).json()) as WechatApiBody;
  if (!body.errcode || !TOKEN_ERRORS.has(body.errcode)) return body;
  return (await (await request(await api.token.get(first))).json()) as WechatApiBody;
}

/** What a WeChat API answer means for a delivery; failures say why, for the agent's note. */
export function deliveryResult(body: WechatApiBody): DeliveryResult {
  if (!body.errcode) return { ok: true };
  if (body.errcode === 43004) return { ok: false, code: 'WECHAT_NOT_FOLLOWING', message: 'The visitor no longer follows the account, so WeChat delivers nothing to them (errcode 43004).' };
  if (body.errcode === 45015) return { ok: false, code: 'WECHAT_OUT_OF_WINDOW', message: 'The visitor has not written in the last 48 hours, so WeChat does not allow a reply now (errcode 45015).' };
  if (TOKEN_ERRORS.has(body.errcode)) return { ok: false, code: 'WECHAT_API_ERROR', message: `WeChat kept refusing the access_token (${body.errcode})` };
  return { ok: false, code: 'WECHAT_API_ERROR', message: `WeChat refused the message: ${body.errcode} ${body.errmsg ?? ''}`.trim() };
}

export type CustomerServiceMessage = { msgtype: 'text'; text: { content: string } } | { msgtype: 'image'; image: { media_id: string } };

/** Sends a message through the customer-service message API (客服消息), allowed for 48 hours after the visitor last wrote. */
export async function sendCustomerServiceMessage(api: WechatApi, toUser: string, message: CustomerServiceMessage): Promise<DeliveryResult> {
  return deliveryResult(await withAccessToken(api, (token) => api.fetch(`${api.apiBase}/cgi-bin/message/custom/send?access_token=${encodeURIComponent(token)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ touser: toUser, ...message }),
    signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
  })));
}

export const sendCustomerServiceText = (api: WechatApi, toUser: string, content: string) => sendCustomerServiceMessage(api, toUser, { msgtype: 'text', text: { content } });
