/**
 * PostgreSQL text and jsonb cannot hold U+0000, so a NUL anywhere in what a client sends (a chat message,
 * a knowledge entry) would fail the write as an internal error. Every string in the value loses its NULs;
 * nothing else changes.
 */
export function withoutNul<T>(value: T): T {
  if (typeof value === 'string') return (value.includes('\u0000') ? value.replaceAll('\u0000', '') : value) as T;
  if (Array.isArray(value)) return value.map(withoutNul) as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [withoutNul(key), withoutNul(item)])) as T;
  }
  return value;
}
