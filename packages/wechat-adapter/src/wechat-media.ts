import type { DeliveryResult } from '@chatbot/protocol';
import { deliveryResult, withAccessToken, type WechatApi } from './customer-service-api.ts';

/** The pictures WeChat's customer-service image messages take (its media API: PNG, JPEG, GIF up to 10 MB). */
const WECHAT_IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif']);
export const WECHAT_MAX_IMAGE_BYTES = 10 * 1024 * 1024;

export function fitsWechatImage(file: { mime: string; size: number }): boolean {
  return WECHAT_IMAGE_TYPES.has(file.mime) && file.size <= WECHAT_MAX_IMAGE_BYTES;
}

/** Uploads a picture as temporary media (WeChat keeps it three days), for an image message; its media_id or why not. */
export async function uploadTemporaryImage(api: WechatApi, file: { name: string; mime: string; bytes: Uint8Array }): Promise<{ ok: true; mediaId: string } | Exclude<DeliveryResult, { ok: true }>> {
  const body = await withAccessToken(api, (token) => {
    const form = new FormData();
    form.append('media', new Blob([new Uint8Array(file.bytes)], { type: file.mime }), file.name);
    return api.fetch(`${api.apiBase}/cgi-bin/media/upload?access_token=${encodeURIComponent(token)}&type=image`, { method: 'POST', body: form });
  });
  if (typeof body['media_id'] === 'string') return { ok: true, mediaId: body['media_id'] };
  const failed = deliveryResult({ errcode: -1, ...body });
  return failed.ok ? { ok: false, code: 'WECHAT_API_ERROR', message: 'WeChat took the picture but gave no media_id' } : failed;
}

/**
 * Downloads the picture a follower sent (its PicUrl on WeChat's servers), within `timeoutMs` and `maxBytes`;
 * undefined when that fails, so the follower gets a text answer instead.
 */
export async function downloadPicture(doFetch: typeof fetch, url: string, limits: { maxBytes: number; timeoutMs: number }): Promise<Uint8Array | undefined> {
  if (!/^https?:\/\//i.test(url)) return undefined;
  try {
    const response = await doFetch(url, { signal: AbortSignal.timeout(limits.timeoutMs) });
    if (!response.ok || Number(response.headers.get('content-length') ?? 0) > limits.maxBytes) return undefined;
    const bytes = new Uint8Array(await response.arrayBuffer());
    return bytes.length > 0 && bytes.length <= limits.maxBytes ? bytes : undefined;
  } catch (error) {
    console.error('wechat: cannot download the picture', url, error);
    return undefined;
  }
}
