import type { ACCEPTED_FILE_TYPES } from '@chatbot/protocol';

type AcceptedType = (typeof ACCEPTED_FILE_TYPES)[number];

const startsWith = (bytes: Uint8Array, signature: readonly number[], at = 0) => signature.every((b, i) => bytes[at + i] === b);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

/**
 * The type a file really is, from its first bytes; undefined for anything we do not accept. The type the
 * sender claims is never trusted: an HTML page or an SVG (both can run script) labelled image/png is refused.
 */
export function sniffFileType(bytes: Uint8Array): AcceptedType | undefined {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'image/gif';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'image/webp';
  if (startsWith(bytes, ascii('%PDF-'))) return 'application/pdf';
  return undefined;
}

const EXTENSION: Record<AcceptedType, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/gif': 'gif', 'image/webp': 'webp', 'application/pdf': 'pdf' };

/**
 * A file name safe to store and show: the last path segment, no control or bidirectional-override
 * characters, at most 120 characters; a name-less upload gets "file.<ext>".
 */
export function cleanFileName(raw: string | undefined, type: AcceptedType): string {
  let name = '';
  try {
    name = decodeURIComponent(raw ?? '');
  } catch {
    name = raw ?? ''; // not URI-encoded: take it as sent
  }
  name = name.split(/[\\/]/).pop()!.replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, '').trim();
  if (!name || name === '.' || name === '..') name = `file.${EXTENSION[type]}`;
  return [...name].slice(-120).join('');
}
