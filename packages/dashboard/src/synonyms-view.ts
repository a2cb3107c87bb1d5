import type { SynonymTableState as SynonymsState } from '@chatbot/protocol';
import { css, html, LitElement, nothing, type TemplateResult } from 'lit';
import type { DashboardApi } from './dashboard-api.ts';
import { dashboardStyles } from './dashboard-styles.ts';
import { L } from './labels.ts';
import { attempt, loadFailure, noticeLine, type Notice } from './notice.ts';

/** `<synonym-table>`: the words the bot reads as one (visitors' ways of saying the knowledge base's words), saved for every node. */
export class SynonymsView extends LitElement {
  static override styles = [dashboardStyles, css`
    :host { display: block; margin-bottom: 16px; }
    textarea { width: 100%; box-sizing: border-box; font-family: inherit; }
  `];
  static override properties = { api: { attribute: false }, admin: { type: Boolean }, state: { state: true }, notice: { state: true }, busy: { state: true } };
  declare api: DashboardApi;
  declare admin: boolean;
  declare state: SynonymsState | undefined;
  declare notice: Notice | undefined;
  declare busy: boolean;

  override connectedCallback(): void {
    super.connectedCallback();
    void attempt(async () => {
      this.state = await this.api.json<SynonymsState>('/api/bot/synonyms');
    }, (notice) => (this.notice = loadFailure(notice)));
  }

  /** A save or reset: the bot is rebuilt meanwhile, and the table is read-only (the saved text replaces it at the end, so whatever was typed meanwhile would be lost). */
  private async attempt(work: () => Promise<void>): Promise<void> {
    this.busy = true;
    await attempt(work, (notice) => (this.notice = notice));
    this.busy = false;
  }

  private save(event: Event): Promise<void> {
    event.preventDefault();
    const text = ((event.target as HTMLFormElement).elements.namedItem('table') as HTMLTextAreaElement).value;
    return this.attempt(async () => {
      [this.state, this.notice] = [await this.api.json<SynonymsState>('/api/bot/synonyms', { method: 'PUT', body: { text } }), { text: L.saved }];
    });
  }

  private reset(): Promise<void> {
    return this.attempt(async () => {
      [this.state, this.notice] = [await this.api.json<SynonymsState>('/api/bot/synonyms', { method: 'DELETE' }), { text: L.saved }];
    });
  }

  override render(): TemplateResult {
    const s = this.state;
    return html`<h3>${L.synonyms}</h3><p class="muted">${L.synonymsHelp}</p>
      ${noticeLine(this.busy ? { text: L.rebuilding } : this.notice)}
      ${s ? html`<p class="muted">${s.groups.length} ${L.groups} · ${s.saved ? L.savedSynonyms : L.configuredSynonyms}${s.rebuilding ? html` · ${L.rebuilding}` : nothing}</p>
        <form class="synonyms-form" @submit=${(e: Event) => this.save(e)}>
          <textarea name="table" rows="6" aria-label=${L.synonymTable} ?readonly=${!this.admin || this.busy} .value=${s.text} placeholder=${'退款, 退钱, 退费\n一对一, 1对1, 私教课'}></textarea>
          ${this.admin ? html`<div class="toolbar"><button type="submit" ?disabled=${this.busy}>${L.save}</button>${s.saved ? html`<button type="button" class="secondary reset" ?disabled=${this.busy} @click=${() => this.reset()}>${L.useConfigured}</button>` : nothing}</div>` : nothing}
        </form>` : nothing}`;
  }
}

if (!customElements.get('synonym-table')) customElements.define('synonym-table', SynonymsView);
