import type { WebhookPayload } from '@chatbot/protocol';
import { createHmac } from 'node:crypto';
import type { DueDelivery } from '../store/webhook-queries.ts';
import { alertLines } from './alert-text.ts';

export const SIGNATURE_HEADER = 'x-webhook-signature';
export const TIMESTAMP_HEADER = 'x-webhook-timestamp';

export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/**
 * The signature of a json delivery: `sha256=` and the hex HMAC-SHA256, keyed by the webhook's secret, of
 * `${timestamp}.${body}` (the timestamp header's value, unix seconds). A receiver recomputes it over the raw
 * body and refuses old timestamps, so a captured request cannot be replayed later.
 *
 * @example signature(secret, request.headers['x-webhook-timestamp'], rawBody) === request.headers['x-webhook-signature']
 */
export function signature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

const base64Hmac = (key: string, text: string) => createHmac('sha256', key).update(text).digest('base64');

/** The HTTP request for one attempt of a delivery, in the subscription's format. */
export function webhookRequest(delivery: DueDelivery, now: Date, consoleUrl?: string): WebhookRequest {
  const { webhook } = delivery;
  const json = { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'chatbot-webhooks/1' };
  if (webhook.format === 'json') {
    const payload: WebhookPayload = { id: delivery.id, event: delivery.event, createdAt: delivery.createdAt.toISOString(), data: delivery.data };
    const body = JSON.stringify(payload);
    const timestamp = String(Math.floor(now.getTime() / 1000));
    const headers: Record<string, string> = { ...json, 'x-webhook-id': delivery.id, 'x-webhook-event': delivery.event, [TIMESTAMP_HEADER]: timestamp };
    if (webhook.secret) headers[SIGNATURE_HEADER] = signature(webhook.secret, timestamp, body);
    return { url: webhook.url, headers, body };
  }
  const { title, lines } = alertLines(delivery.event, delivery.data, consoleUrl);
  if (webhook.format === 'wecom') {
    // WeCom's robot key is in its URL; it has no signing.
    return { url: webhook.url, headers: json, body: JSON.stringify({ msgtype: 'markdown', markdown: { content: [`**${title}**`, ...lines.map((l) => `> ${l}`)].join('\n') } }) };
  }
  if (webhook.format === 'dingtalk') {
    let url = webhook.url;
    if (webhook.secret) {
      // 加签: HMAC-SHA256 of "<ms>\n<secret>" keyed by the secret, base64, in the query string.
      const ms = String(now.getTime());
      url += `${url.includes('?') ? '&' : '?'}timestamp=${ms}&sign=${encodeURIComponent(base64Hmac(webhook.secret, `${ms}\n${webhook.secret}`))}`;
    }
    return { url, headers: json, body: JSON.stringify({ msgtype: 'markdown', markdown: { title, text: [`#### ${title}`, ...lines.map((l) => `- ${l}`)].join('\n') } }) };
  }
  // Feishu: 签名校验 is HMAC-SHA256 keyed by "<seconds>\n<secret>" over nothing, base64, in the body.
  const seconds = String(Math.floor(now.getTime() / 1000));
  const signed = webhook.secret ? { timestamp: seconds, sign: base64Hmac(`${seconds}\n${webhook.secret}`, '') } : {};
  return { url: webhook.url, headers: json, body: JSON.stringify({ ...signed, msg_type: 'text', content: { text: [title, ...lines].join('\n') } }) };
}

/**
 * Whether the receiver took the delivery: a 2xx, and for the group robots also their own success code in
 * the body (they answer 200 with `errcode` / `code` set when they refuse, e.g. a bad signature).
 */
export function accepted(format: DueDelivery['webhook']['format'], status: number, body: string): { ok: true } | { ok: false; error: string } {
  if (status < 200 || status >= 300) return { ok: false, error: `HTTP ${status}${body ? `: ${body.slice(0, 200)}` : ''}` };
  if (format === 'json') return { ok: true };
  let reply: { errcode?: number; errmsg?: string; code?: number; msg?: string; StatusCode?: number } = {};
  try {
    reply = JSON.parse(body) as typeof reply;
  } catch (error) {
    return { ok: false, error: `the ${format} robot answered something that is not JSON (${(error as Error).message}): ${body.slice(0, 200)}` };
  }
  const code = reply.errcode ?? reply.code ?? reply.StatusCode ?? 0;
  return code === 0 ? { ok: true } : { ok: false, error: `the ${format} robot refused it: ${code} ${reply.errmsg ?? reply.msg ?? ''}`.trim() };
}
