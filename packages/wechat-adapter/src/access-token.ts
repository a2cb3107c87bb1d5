import type { ChannelHost } from '@chatbot/protocol';
import { WechatError } from './errors.ts';

/** How long a token request may take; the lock other nodes wait on lasts 10 s. */
const TOKEN_TIMEOUT_MS = 8000;
/** Seconds before WeChat's expiry at which a cached token is treated as expired. */
const EXPIRY_MARGIN = 300;

/**
 * The access_token, cached in the host's shared key-value store (so every server node uses one token) and
 * refreshed by one node at a time (a short lock in the same store).
 */
export function createAccessToken(options: { appId: string; appSecret: string; apiBase: string; fetch: typeof fetch; kv: ChannelHost['kv']; timeoutMs?: number }) {
  const key = `wechat:access-token:${options.appId}`;
  const lock = `wechat:access-token-lock:${options.appId}`;

  async function fetchToken(): Promise<string> {
    try {
      return await requestToken();
    } finally {
      await options.kv.set(lock, 'released', 0); // expires at once: the next refresh may start
    }
  }

  async function requestToken(): Promise<string> {
    const url = `${options.apiBase}/cgi-bin/token?grant_type=client_credential&appid=${encodeURIComponent(options.appId)}&secret=${encodeURIComponent(options.appSecret)}`;
    const response = await options.fetch(url, { signal: AbortSignal.timeout(options.timeoutMs ?? TOKEN_TIMEOUT_MS) }).catch((error: unknown) => {
      throw new WechatError('WECHAT_API_ERROR', `cannot reach WeChat for an access_token: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    });
    const body = (await response.json().catch(() => ({ errmsg: `HTTP ${response.status}, not JSON` }))) as { access_token?: string; expires_in?: number; errcode?: number; errmsg?: string };
    if (!body.access_token) throw new WechatError('WECHAT_API_ERROR', `cannot get an access_token: ${body.errcode} ${body.errmsg}`);
    await options.kv.set(key, body.access_token, Math.max(60, (body.expires_in ?? 7200) - EXPIRY_MARGIN));
    return body.access_token;
  }

  return {
    /** The current token; `stale` is one WeChat just rejected, which is never handed out again. */
    async get(stale?: string): Promise<string> {
      for (let attempt = 0; attempt < 100; attempt++) {
        const cached = await options.kv.get(key);
        if (cached && cached !== stale) return cached;
        if (await options.kv.setIfAbsent(lock, 'refreshing', 10)) return fetchToken();
        await new Promise((resolve) => setTimeout(resolve, 100)); // another node is refreshing
      }
      throw new WechatError('WECHAT_API_ERROR', 'timed out waiting for another node to refresh the access_token');
    },
  };
}
