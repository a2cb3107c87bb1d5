/**
 * A file sent in a conversation (an image or a PDF). Its bytes are at `GET /api/files/:id` on the server;
 * the id is unguessable, so the link itself is the permission (as with other chat products' media links).
 */
export interface FileRef {
  id: string;
  /** The sender's file name, cleaned of paths and control characters. */
  name: string;
  /** The type the server found in the bytes, not the one the sender claimed (one of ACCEPTED_FILE_TYPES). */
  mime: string;
  /** Bytes. */
  size: number;
}

/** What the server accepts: pictures and PDFs, recognised by their first bytes. */
export const ACCEPTED_FILE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf'] as const;

/** ACCEPTED_FILE_TYPES as a file input's `accept` attribute. */
export const FILE_INPUT_ACCEPT = ACCEPTED_FILE_TYPES.join(',');

/** A file's size as people read it beside its name ("38 KB"; at least 1 KB). */
export const fileSizeLabel = (file: Pick<FileRef, 'size'>): string => `${Math.max(1, Math.round(file.size / 1024))} KB`;

/**
 * Uploading a file is one HTTP request whose body is the file's bytes:
 * visitors `POST /api/visitor/files` with their visitor token in `x-visitor-token`; agents
 * `POST /api/conversations/:id/files` with `Authorization: Bearer <jwt>`. Both send a `x-client-id`
 * (a resend with the same one is stored once) and the file name, URI-encoded, in `x-file-name`.
 * The answer is `{ message }`, the stored `visitor-file` / `agent-file` message.
 */
export const FILE_UPLOAD_HEADERS = { visitorToken: 'x-visitor-token', clientId: 'x-client-id', fileName: 'x-file-name' } as const;

/** What a client shows after a picture's name when it no longer loads (deleted after FILE_RETENTION_DAYS, or unreachable). */
export const UNAVAILABLE_FILE_NOTE = { zh: '（已过期或无法显示）', en: ' (expired or unavailable)' } as const;

/** A picture's `error` handler: marks its link `unavailable`, whose style shows the link's `data-note` instead. */
export const markUnavailable = (event: Event): void => void (event.target as Element).parentElement?.classList.add('unavailable');

/** True for files a client shows inline as a picture. */
export const isImageFile = (file: Pick<FileRef, 'mime'>): boolean => file.mime.startsWith('image/');

/** The file's URL on the chat server at `server` (e.g. `https://chat.example.com`). */
export const fileUrl = (server: string, file: Pick<FileRef, 'id'>): string => `${server.replace(/\/$/, '')}/api/files/${encodeURIComponent(file.id)}`;
