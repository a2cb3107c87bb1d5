import { html, LitElement, nothing, type TemplateResult } from 'lit';
import type { DashboardApi } from './dashboard-api.ts';
import { dashboardStyles } from './dashboard-styles.ts';
import { L } from './labels.ts';
import { errorMessage } from './error-messages.ts';

interface TestedOutcome {
  kind: string;
  text?: string;
  entryId?: string;
  confidence: number;
  suggestions?: { entryId: string; question: string }[];
  candidates: { entryId: string; question: string; lexical: number; vector: number; score: number }[];
  trace: { stage: string; ms: number; detail: Record<string, unknown> }[];
}

/** `<bot-test>`: ask the bot as a visitor would and see why it answered: corrections, tokens, candidates and scores. */
export class BotTestView extends LitElement {
  static override styles = dashboardStyles;
  static override properties = { api: { attribute: false }, outcome: { state: true }, error: { state: true } };
  declare api: DashboardApi;
  declare outcome: TestedOutcome | undefined;
  declare error: string | undefined;

  private async ask(event: Event): Promise<void> {
    event.preventDefault();
    const text = ((event.target as HTMLFormElement).elements.namedItem('text') as HTMLInputElement).value.trim();
    if (!text) return;
    try {
      [this.outcome, this.error] = [await this.api.json<TestedOutcome>('/api/bot/test', { method: 'POST', body: { text } }), undefined];
    } catch (error) {
      this.error = errorMessage(error);
    }
  }

  override render(): TemplateResult {
    const o = this.outcome;
    return html`<form class="toolbar" @submit=${(e: Event) => this.ask(e)}><input name="text" class="grow" aria-label=${L.ask} placeholder="课程可以退宽吗 / can I pay with alipay"><button type="submit">${L.ask}</button></form>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${o ? html`<div class="card outcome"><strong class="kind">${o.kind}</strong> ${o.entryId ? html`<code>${o.entryId}</code>` : nothing} · ${L.confidence} ${o.confidence.toFixed(2)}
          ${o.text ? html`<p>${o.text}</p>` : nothing}${o.suggestions?.length ? html`<p>${o.suggestions.map((s) => s.question).join(' / ')}</p>` : nothing}</div>
        <h3>${L.candidates}</h3><table><thead><tr><th>entry</th><th>question</th><th>lexical</th><th>vector</th><th>score</th></tr></thead>
          <tbody>${o.candidates.slice(0, 10).map((c) => html`<tr><td>${c.entryId}</td><td>${c.question}</td><td>${c.lexical.toFixed(2)}</td><td>${c.vector.toFixed(2)}</td><td><strong>${c.score.toFixed(3)}</strong></td></tr>`)}</tbody></table>
        <h3>${L.trace}</h3><ol class="trace">${o.trace.map((t) => html`<li><strong>${t.stage}</strong> <small class="muted">${t.ms.toFixed(1)} ms</small><pre>${JSON.stringify(t.detail, null, 1)}</pre></li>`)}</ol>` : nothing}`;
  }
}

if (!customElements.get('bot-test')) customElements.define('bot-test', BotTestView);
