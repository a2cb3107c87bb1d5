import type { DeliveryResult } from '@chatbot/protocol';
import type { createAccessToken } from './access-token.ts';

const TOKEN_ERRORS = new Set([40001, 40014, 42001]);

/** Sends a text through the customer-service message API; refreshes the token once when WeChat says it is stale. */
export async function sendCustomerServiceText(deps: { apiBase: string; fetch: typeof fetch; token: ReturnType<typeof createAccessToken> }, toUser: string, content: string): Promise<DeliveryResult> {
  let stale: string | undefined;
  for (let attempt = 0; attempt < 2; attempt++) {
    const token = await deps.token.get(stale);
    const response = await deps.fetch(`${deps.apiBase}/cgi-bin/message/custom/send?access_token=${encodeURIComponent(token)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ touser: toUser, msgtype: 'text', text: { content } }),
    });
    const body = (await response.json()) as { errcode?: number; errmsg?: string };
    if (!body.errcode) return { ok: true };
    if (TOKEN_ERRORS.has(body.errcode) && attempt === 0) {
      stale = token;
      continue;
    }
    if (body.errcode === 45015) return { ok: false, code: 'WECHAT_OUT_OF_WINDOW', message: 'The visitor has not written in the last 48 hours, so WeChat does not allow a reply now (errcode 45015).' };
    return { ok: false, code: 'WECHAT_API_ERROR', message: `WeChat refused the message: ${body.errcode} ${body.errmsg ?? ''}`.trim() };
  }
  return { ok: false, code: 'WECHAT_API_ERROR', message: 'WeChat kept refusing the access_token' };
}
