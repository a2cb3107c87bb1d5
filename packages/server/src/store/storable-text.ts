/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * PostgreSQL text and jsonb cannot hold U+0000 or a lone UTF-16 surrogate (it is not Unicode), so either anywhere
 * in what a client sends (a chat message, a knowledge entry) would fail the write as an internal error. Every
 * string in the value loses its NULs and has each lone surrogate replaced by U+FFFD; nothing else changes.
 */
export function storableText<T>(value: T): T {
  if (typeof value === 'string') return (value.includes('\u0000') ? value.replaceAll('\u0000', '') : value).replace(LONE_SURROGATE, '\uFFFD') as T;
  if (Array.isArray(value)) return value.map(storableText) as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [storableText(key), storableText(item)])) as T;
  }
  return value;
}
