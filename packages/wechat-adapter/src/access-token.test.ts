import { describe, expect, it } from 'vitest';
import { createAccessToken } from './access-token.ts';
import { memoryKv } from './memory-kv.ts';

describe('the access token', () => {
  it('gives up on a token request WeChat does not answer, saying so, and frees the refresh for the next try', async () => {
    let calls = 0;
    // Stands in for api.weixin.qq.com hanging: it answers only when the request is aborted.
    const hanging: typeof fetch = (_url, init) => {
      calls++;
      return new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)));
    };
    const token = createAccessToken({ appId: 'wx1', appSecret: 's', apiBase: 'http://wechat.invalid', fetch: hanging, kv: memoryKv(), timeoutMs: 50 });
    await expect(token.get()).rejects.toMatchObject({ code: 'WECHAT_API_ERROR', message: expect.stringContaining('cannot reach WeChat for an access_token') });
    await expect(token.get()).rejects.toMatchObject({ code: 'WECHAT_API_ERROR' });
    expect(calls).toBe(2);
  });
});
