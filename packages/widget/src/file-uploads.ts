import { ACCEPTED_FILE_TYPES, FILE_UPLOAD_HEADERS, type VisitorVisibleMessage } from '@chatbot/protocol';
import type { ReactiveControllerHost } from 'lit';
import { TOKEN_KEY } from './visitor-connection.ts';

export interface UploadItem {
  clientId: string;
  file: File;
  /** failed: the network or the server had a problem, a retry may work; refused: the server will not take this file. */
  state: 'sending' | 'failed' | 'refused';
  /** Why: the server's error code (PAYLOAD_TOO_LARGE, FILE_TYPE_NOT_ALLOWED, RATE_LIMITED, …), said in words by i18n. */
  error?: string;
}

const ACCEPTED: readonly string[] = ACCEPTED_FILE_TYPES;

/**
 * Files the visitor sends: each upload is one POST of the file's bytes with the visitor token; the stored
 * message comes back and joins the log. A failed upload stays on screen with the reason and can be retried
 * (with the same clientId, so a retry after a lost answer is not stored twice). A file the server would refuse
 * (too large for its limit, not a picture or PDF) is refused here without uploading it, and a file sent before
 * the first connection waits for it (the upload needs the visitor token).
 */
export class FileUploads {
  items: UploadItem[] = [];

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly server: { base: string; maxFileBytes?: number; ready(): Promise<void>; add(messages: VisitorVisibleMessage[]): void },
  ) {}

  send(file: File): void {
    const item: UploadItem = { clientId: crypto.randomUUID(), file, state: 'sending' };
    this.items = [...this.items, item];
    void this.server.ready().then(() => {
      // An empty type (the browser does not know it) is left to the server, which looks at the bytes.
      const refusal = file.size > (this.server.maxFileBytes ?? Infinity) ? 'PAYLOAD_TOO_LARGE' : file.type && !ACCEPTED.includes(file.type) ? 'FILE_TYPE_NOT_ALLOWED' : undefined;
      if (!refusal) return this.upload(item);
      Object.assign(item, { state: 'refused', error: refusal });
      this.host.requestUpdate();
    });
  }

  retry(clientId: string): void {
    const item = this.items.find((i) => i.clientId === clientId);
    if (item) void this.upload(item);
  }

  dismiss(clientId: string): void {
    this.items = this.items.filter((i) => i.clientId !== clientId);
    this.host.requestUpdate();
  }

  private async upload(item: UploadItem): Promise<void> {
    item.state = 'sending';
    delete item.error;
    this.host.requestUpdate();
    const token = localStorage.getItem(TOKEN_KEY);
    try {
      const response = await fetch(`${this.server.base}/api/visitor/files`, {
        method: 'POST',
        headers: {
          'content-type': item.file.type || 'application/octet-stream',
          [FILE_UPLOAD_HEADERS.visitorToken]: token ?? '',
          [FILE_UPLOAD_HEADERS.clientId]: item.clientId,
          [FILE_UPLOAD_HEADERS.fileName]: encodeURIComponent(item.file.name),
        },
        body: item.file,
      });
      const body = (await response.json().catch(() => ({}))) as { message?: VisitorVisibleMessage; error?: { code: string } };
      if (response.ok && body.message) {
        this.items = this.items.filter((i) => i !== item);
        this.server.add([body.message]);
      } else {
        item.state = response.status >= 400 && response.status < 500 && response.status !== 429 ? 'refused' : 'failed';
        item.error = body.error?.code ?? (response.status === 413 ? 'PAYLOAD_TOO_LARGE' : `HTTP_${response.status}`);
      }
    } catch {
      item.state = 'failed'; // offline: the visitor taps to retry
      item.error = 'OFFLINE';
    }
    this.host.requestUpdate();
  }
}
