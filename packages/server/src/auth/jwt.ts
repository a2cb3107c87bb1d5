import { createHmac, timingSafeEqual } from 'node:crypto';

export interface AgentClaims {
  sub: string;
  role: 'agent' | 'admin';
  name: string;
  exp: number;
}

const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const HEADER = encode({ alg: 'HS256', typ: 'JWT' });

/** A compact HS256 JSON Web Token. */
export function signToken(claims: Omit<AgentClaims, 'exp'>, secret: string, ttlSeconds = 12 * 3600): string {
  const payload = encode({ ...claims, exp: Math.floor(Date.now() / 1000) + ttlSeconds });
  const signature = createHmac('sha256', secret).update(`${HEADER}.${payload}`).digest('base64url');
  return `${HEADER}.${payload}.${signature}`;
}

/** The claims of a valid, unexpired token; undefined for anything else. */
export function verifyToken(token: unknown, secret: string): AgentClaims | undefined {
  if (typeof token !== 'string') return undefined;
  const [header, payload, signature] = token.split('.');
  if (header !== HEADER || !payload || !signature) return undefined;
  const expected = createHmac('sha256', secret).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as AgentClaims;
    return typeof claims.exp === 'number' && claims.exp > Date.now() / 1000 && typeof claims.sub === 'string' ? claims : undefined;
  } catch {
    return undefined; // a payload that is not JSON is just an invalid token
  }
}
