import { html, nothing, type TemplateResult } from 'lit';
import { errorMessage } from './error-messages.ts';
import { L } from './labels.ts';

/** A one-line message above a view: what was done, or what went wrong in the operator's language. */
export interface Notice {
  text: string;
  error?: boolean;
}

export const failureNotice = (error: unknown): Notice => ({ text: errorMessage(error), error: true });

/** A view's data could not be read: said as such, so an empty list is never mistaken for "nothing there". */
export const loadFailure = (notice: Notice): Notice => ({ text: `${L.loadFailed}: ${notice.text}`, error: true });

export function noticeLine(notice: Notice | undefined): TemplateResult | typeof nothing {
  return notice ? html`<p class=${notice.error ? 'error' : 'ok'} role="status">${notice.text}</p>` : nothing;
}

/** Runs an action; a failure is shown through `show` instead of being thrown. */
export async function attempt(work: () => Promise<void>, show: (notice: Notice) => void): Promise<void> {
  try {
    await work();
  } catch (error) {
    show(failureNotice(error));
  }
}
