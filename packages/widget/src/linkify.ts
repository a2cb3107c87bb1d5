/** A piece of message text: plain text, or a link that is safe to open (http/https only). */
export type TextPart = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

// URL characters are ASCII (RFC 3986): Chinese text right after a link is not part of it.
const URL_PATTERN = /\bhttps?:\/\/[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]+/g;

/** Splits text into plain parts and http(s) links; rendered as Lit text/attribute bindings, nothing becomes HTML. */
export function linkify(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const url = match[0].replace(/[.,;:!?')]+$/, '');
    const start = match.index ?? 0;
    if (start > last) parts.push({ kind: 'text', text: text.slice(last, start) });
    parts.push({ kind: 'link', text: url, href: url });
    last = start + url.length;
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) });
  return parts;
}
