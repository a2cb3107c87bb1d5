import type { FileRef } from '@chatbot/protocol';
import { ServerError } from '../errors.ts';
import { cleanFileName, sniffFileType } from './sniff-file-type.ts';

/** A file as received, checked: its real type, a clean name, its bytes. */
export type UploadedFile = Omit<FileRef, 'id'> & { bytes: Uint8Array };

/** Checks an upload's bytes; an empty body or a type we do not accept is an error that stores nothing. */
export function checkUpload(body: unknown, rawName: string | undefined): UploadedFile {
  if (!(body instanceof Uint8Array) || body.length === 0) throw new ServerError('BAD_REQUEST', 'the request body must be the file itself (and not empty)');
  const mime = sniffFileType(body);
  if (!mime) throw new ServerError('FILE_TYPE_NOT_ALLOWED', 'only pictures (PNG, JPEG, GIF, WebP) and PDF documents can be sent');
  return { name: cleanFileName(rawName, mime), mime, size: body.length, bytes: body };
}
