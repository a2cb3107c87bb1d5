import { FILE_UPLOAD_HEADERS, type VisitorVisibleMessage } from '@chatbot/protocol';
import type { ReactiveControllerHost } from 'lit';
import { TOKEN_KEY } from './visitor-connection.ts';

export interface UploadItem {
  clientId: string;
  file: File;
  /** failed: the network or the server had a problem, a retry may work; refused: the server will not take this file. */
  state: 'sending' | 'failed' | 'refused';
  /** The server's reason (too large, not a picture or PDF). */
  error?: string;
}

/**
 * Files the visitor sends: each upload is one POST of the file's bytes with the visitor token; the stored
 * message comes back and joins the log. A failed upload stays on screen with the reason and can be retried
 * (with the same clientId, so a retry after a lost answer is not stored twice).
 */
export class FileUploads {
  items: UploadItem[] = [];

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly server: { base: string; add(messages: VisitorVisibleMessage[]): void },
  ) {}

  send(file: File): void {
    const item: UploadItem = { clientId: crypto.randomUUID(), file, state: 'sending' };
    this.items = [...this.items, item];
    void this.upload(item);
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
      const body = (await response.json().catch(() => ({}))) as { message?: VisitorVisibleMessage; error?: { message: string } };
      if (response.ok && body.message) {
        this.items = this.items.filter((i) => i !== item);
        this.server.add([body.message]);
      } else {
        item.state = response.status >= 400 && response.status < 500 && response.status !== 429 ? 'refused' : 'failed';
        item.error = body.error?.message ?? (response.status === 413 ? 'too large' : `HTTP ${response.status}`);
      }
    } catch {
      item.state = 'failed'; // offline: the visitor taps to retry
    }
    this.host.requestUpdate();
  }
}
