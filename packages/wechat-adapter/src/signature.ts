import { createHash, timingSafeEqual } from 'node:crypto';

/** WeChat's signature: sha1 of the parts sorted and joined (URL check: token, timestamp, nonce; safe mode adds Encrypt). */
export function wechatSignature(parts: readonly string[]): string {
  return createHash('sha1').update([...parts].sort().join('')).digest('hex');
}

export function signatureMatches(expected: string, given: string | undefined): boolean {
  if (typeof given !== 'string' || given.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(expected), Buffer.from(given.toLowerCase()));
}
