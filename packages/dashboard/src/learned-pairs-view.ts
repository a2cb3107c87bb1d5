import type { TrainingPair } from '@chatbot/protocol';
import { css, html, LitElement, nothing, type TemplateResult } from 'lit';
import type { DashboardApi } from './dashboard-api.ts';
import { dashboardStyles } from './dashboard-styles.ts';
import { L } from './labels.ts';
import { attempt, loadFailure, noticeLine, type Notice } from './notice.ts';

/** How many voted questions the view lists (the newest). */
const SHOWN = 100;

/**
 * `<learned-pairs>`: the visitors' questions whose answers they voted helpful, which the bot learns from. An
 * admin forgets a wrong one (a wrong answer voted helpful) and retrains the bot at once.
 */
export class LearnedPairsView extends LitElement {
  static override styles = [dashboardStyles, css`
    :host { display: block; margin-bottom: 16px; }
    td.question { max-width: 420px; }
  `];
  static override properties = { api: { attribute: false }, admin: { type: Boolean }, pairs: { state: true }, notice: { state: true } };
  declare api: DashboardApi;
  declare admin: boolean;
  declare pairs: TrainingPair[] | undefined;
  declare notice: Notice | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    void attempt(() => this.load(), (notice) => (this.notice = loadFailure(notice)));
  }

  private async load(): Promise<void> {
    this.pairs = await this.api.json<TrainingPair[]>('/api/training-pairs');
  }

  private forget(pair: TrainingPair): Promise<void> {
    return attempt(async () => {
      await this.api.json(`/api/training-pairs/${encodeURIComponent(pair.messageId)}`, { method: 'DELETE' });
      this.pairs = this.pairs?.filter((p) => p.messageId !== pair.messageId);
      this.notice = { text: L.pairForgotten };
    }, (notice) => (this.notice = notice));
  }

  private retrain(): Promise<void> {
    return attempt(async () => {
      await this.api.json('/api/retrain', { method: 'POST' });
      this.notice = { text: L.retraining };
    }, (notice) => (this.notice = notice));
  }

  override render(): TemplateResult {
    const pairs = this.pairs;
    return html`<h3>${L.learned}</h3><p class="muted">${L.learnedHelp}</p>
      ${noticeLine(this.notice)}
      ${pairs ? html`<p class="muted">${pairs.length} ${L.learnedCount}${this.admin ? html` <button type="button" class="secondary retrain" @click=${() => this.retrain()}>${L.retrainNow}</button>` : nothing}</p>
        ${pairs.length === 0 ? nothing : html`<table class="learned"><thead><tr><th>${L.visitorQuestion}</th><th>${L.entry}</th><th>${L.votedAt}</th>${this.admin ? html`<th></th>` : nothing}</tr></thead><tbody>
          ${pairs.slice(0, SHOWN).map((p) => html`<tr><td class="question">${p.text}</td><td>${p.entryId}</td><td>${new Date(p.votedAt).toLocaleString()}</td>${this.admin ? html`<td><button type="button" class="secondary forget" @click=${() => this.forget(p)}>${L.forget}</button></td>` : nothing}</tr>`)}
        </tbody></table>`}` : nothing}`;
  }
}

if (!customElements.get('learned-pairs')) customElements.define('learned-pairs', LearnedPairsView);
