import { createHmac, timingSafeEqual } from 'node:crypto';

/** The hmac a site's backend gives its page for a signed-in user: HMAC-SHA256(secret, id), hex. */
export function identityHmac(id: string, secret: string): string {
  return createHmac('sha256', secret).update(id).digest('hex');
}

export function verifyIdentity(identity: { id: string; hmac: string }, secret: string): boolean {
  const expected = Buffer.from(identityHmac(identity.id, secret), 'hex');
  const given = Buffer.from(identity.hmac, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
