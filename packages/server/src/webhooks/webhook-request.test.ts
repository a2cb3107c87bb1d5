import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { DueDelivery } from '../store/webhook-queries.ts';
import { accepted, webhookRequest } from './webhook-request.ts';

const at = new Date('2026-12-02T08:00:00Z');
const delivery = (format: DueDelivery['webhook']['format'], secret: string | null = null): DueDelivery => ({
  id: 'd1',
  event: 'left-message.created',
  data: { leftMessage: { visitorId: 'v1', name: '王女士', contact: '13800000000', text: '想了解暑假班' } },
  attempts: 1,
  createdAt: at,
  webhook: { id: 'w1', url: 'https://open.feishu.cn/open-apis/bot/v2/hook/x', format, secret },
});

describe('webhook requests', () => {
  it('signs a Feishu alert as the robot checks it: HMAC-SHA256 keyed by "<seconds>\\n<secret>" over nothing', () => {
    const request = webhookRequest(delivery('feishu', 'feishu-secret'), at);
    const body = JSON.parse(request.body) as { timestamp: string; sign: string; msg_type: string; content: { text: string } };
    expect(body.timestamp).toBe(String(at.getTime() / 1000));
    expect(body.sign).toBe(createHmac('sha256', `${body.timestamp}\nfeishu-secret`).update('').digest('base64'));
    expect(body.msg_type).toBe('text');
    expect(body.content.text).toContain('访客留言');
    expect(body.content.text).toContain('王女士, 13800000000');
    expect(body.content.text).toContain('想了解暑假班');
  });

  it('sends an unsigned json delivery without a signature header', () => {
    const request = webhookRequest(delivery('json'), at);
    expect(request.headers['x-webhook-signature']).toBeUndefined();
    expect(JSON.parse(request.body)).toEqual({ id: 'd1', event: 'left-message.created', createdAt: at.toISOString(), data: delivery('json').data });
  });

  it('counts a robot\'s 200 with an error code as refused, and a page that is not JSON too', () => {
    expect(accepted('json', 204, '')).toEqual({ ok: true });
    expect(accepted('json', 410, 'gone')).toEqual({ ok: false, error: 'HTTP 410: gone' });
    expect(accepted('wecom', 200, '{"errcode":0,"errmsg":"ok"}')).toEqual({ ok: true });
    expect(accepted('wecom', 200, '{"errcode":93000,"errmsg":"invalid webhook url"}')).toEqual({ ok: false, error: 'the wecom robot refused it: 93000 invalid webhook url' });
    expect(accepted('feishu', 200, '{"code":19021,"msg":"sign match fail"}')).toMatchObject({ ok: false });
    expect(accepted('feishu', 200, '{"StatusCode":0,"StatusMessage":"success"}')).toEqual({ ok: true });
    expect(accepted('dingtalk', 200, '<html>proxy error</html>')).toMatchObject({ ok: false });
  });
});
