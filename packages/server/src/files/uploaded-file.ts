import type { FileRef } from '@chatbot/protocol';
import { ServerError } from '../errors.ts';
import { cleanFileName, sniffFileType } from './sniff-file-type.ts';

/** Files up to this size are taken unless `maxFileBytes` / MAX_FILE_MB says otherwise. */
export const DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024;

/** A file as received, checked: its real type, a clean name, its bytes. */
export type UploadedFile = Omit<FileRef, 'id'> & { bytes: Uint8Array };

/** Checks an upload's bytes; an empty or oversized body or a type we do not accept is an error that stores nothing. */
export function checkUpload(body: unknown, rawName: string | undefined, maxBytes: number): UploadedFile {
  if (!(body instanceof Uint8Array) || body.length === 0) throw new ServerError('BAD_REQUEST', 'the request body must be the file itself (and not empty)');
  if (body.length > maxBytes) throw new ServerError('PAYLOAD_TOO_LARGE', `files are limited to ${Math.floor(maxBytes / 1024)} KB`);
  const mime = sniffFileType(body);
  if (!mime) throw new ServerError('FILE_TYPE_NOT_ALLOWED', 'only pictures (PNG, JPEG, GIF, WebP) and PDF documents can be sent');
  return { name: cleanFileName(rawName, mime), mime, size: body.length, bytes: body };
}
