import type { ConversationDetail, ConversationSearchResult } from '@chatbot/protocol';
import { html, LitElement, nothing, type TemplateResult } from 'lit';
import type { DashboardApi } from './dashboard-api.ts';
import { dashboardStyles } from './dashboard-styles.ts';
import { L, locale } from './labels.ts';
import './transcript-view.ts';
import { formValue } from './form-value.ts';
import { errorMessage } from './error-messages.ts';

const PAGE = 50;
const FILTERS = ['q', 'state', 'channel', 'reason', 'group', 'csatAtMost', 'from', 'to'] as const;
type Filters = Partial<Record<(typeof FILTERS)[number], string>>;

/** `<conversation-history>`: every conversation, found by text, state, channel, hand-off reason, rating or day, with its transcript. */
export class HistoryView extends LitElement {
  static override styles = dashboardStyles;
  static override properties = { api: { attribute: false }, admin: { type: Boolean }, result: { state: true }, open: { state: true }, error: { state: true }, offset: { state: true } };
  declare api: DashboardApi;
  declare admin: boolean;
  declare result: ConversationSearchResult | undefined;
  declare open: ConversationDetail | undefined;
  declare error: string | undefined;
  declare offset: number;
  private filters: Filters = {};
  private readonly tz = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

  constructor() {
    super();
    [this.offset, this.admin] = [0, false];
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  async load(): Promise<void> {
    const set = Object.entries(this.filters).filter(([, value]) => value);
    const query = new URLSearchParams([...set, ['tz', this.tz], ['limit', String(PAGE)], ['offset', String(this.offset)]]);
    try {
      [this.result, this.error] = [await this.api.json<ConversationSearchResult>(`/api/conversations/search?${query}`), undefined];
    } catch (error) {
      // Results listed beside the error would read as the answer to the search that failed.
      [this.result, this.error] = [undefined, errorMessage(error)];
    }
  }

  private search(event: Event): void {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    this.filters = Object.fromEntries(FILTERS.map((name) => [name, formValue(form, name)]));
    [this.offset, this.open] = [0, undefined];
    void this.load();
  }

  private page(delta: number): void {
    this.offset = Math.max(0, this.offset + delta * PAGE);
    void this.load();
  }

  private async show(id: string): Promise<void> {
    try {
      this.open = await this.api.json<ConversationDetail>(`/api/conversations/${encodeURIComponent(id)}`);
    } catch (error) {
      this.error = errorMessage(error);
    }
  }

  /** Erases the open conversation's visitor and everything they sent, on their request (PIPL / GDPR). */
  private async erase(visitorId: string): Promise<void> {
    if (!confirm(L.confirmErase)) return;
    try {
      await this.api.json(`/api/visitors/${encodeURIComponent(visitorId)}`, { method: 'DELETE' });
      this.open = undefined;
      await this.load();
    } catch (error) {
      this.error = errorMessage(error);
    }
  }

  override render(): TemplateResult {
    const r = this.result;
    const option = (value: string, label = value) => html`<option value=${value}>${label}</option>`;
    return html`<form class="toolbar" role="search" @submit=${(e: Event) => this.search(e)}>
        <input class="grow" name="q" type="search" placeholder=${L.searchConversations} aria-label=${L.searchConversations}>
        <select name="state" aria-label=${L.state}>${option('', `${L.state}: ${L.all}`)}${(['bot', 'queued', 'agent', 'closed'] as const).map((s) => option(s, L.stateNames[s]))}</select>
        <select name="channel" aria-label=${L.channel}>${option('', `${L.channel}: ${L.all}`)}${option('web')}${option('wechat')}</select>
        <select name="reason" aria-label=${L.reasons}>${option('', `${L.reasons}: ${L.all}`)}${(Object.keys(L.reasonNames) as (keyof typeof L.reasonNames)[]).map((s) => option(s, L.reasonNames[s]))}</select>
        <input name="group" maxlength="50" placeholder=${L.group} aria-label=${L.group} style="width:90px">
        <select name="csatAtMost" aria-label=${L.csat}>${option('', `${L.csat}: ${L.all}`)}${[1, 2, 3, 4].map((n) => option(String(n), `${L.csat} ≤ ${n}`))}</select>
        <label>${L.from} <input name="from" type="date"></label><label>${L.to} <input name="to" type="date"></label>
        <button type="submit">${L.searchButton}</button></form>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${r ? html`<p class="muted" role="status">${r.total === 0 ? L.noConversations : L.showing(this.offset + 1, this.offset + r.conversations.length, r.total)}</p>` : nothing}
      ${r && r.conversations.length > 0 ? html`<table><thead><tr><th>${L.began}</th><th>${L.channel}</th><th>${L.state}</th><th>${L.reasons}</th><th>${L.csat}</th><th>${L.lastMessage}</th></tr></thead>
        <tbody>${r.conversations.map((c) => html`<tr data-id=${c.id} tabindex="0" aria-selected=${String(this.open?.conversation.id === c.id)} @click=${() => this.show(c.id)} @keydown=${(e: KeyboardEvent) => e.key === 'Enter' && this.show(c.id)}>
          <td>${new Date(c.createdAt).toLocaleString(locale)}</td><td>${c.visitor.channel}</td><td>${L.stateNames[c.state]}</td><td>${c.handoffReason ? L.reasonNames[c.handoffReason] : '–'}</td><td>${c.csat ? '★'.repeat(c.csat) : '–'}</td><td class="clip">${c.lastMessage ?? ''}</td></tr>`)}</tbody></table>
        ${r.total > PAGE ? html`<div class="row"><button class="secondary" aria-label="previous page" ?disabled=${this.offset === 0} @click=${() => this.page(-1)}>←</button><button class="secondary" aria-label="next page" ?disabled=${this.offset + PAGE >= r.total} @click=${() => this.page(1)}>→</button></div>` : nothing}` : nothing}
      <conversation-transcript .detail=${this.open}></conversation-transcript>
      ${this.open && this.admin ? html`<button class="danger erase" @click=${() => this.erase(this.open!.conversation.visitor.visitorId)}>${L.eraseVisitor}</button>` : nothing}`;
  }
}

if (!customElements.get('conversation-history')) customElements.define('conversation-history', HistoryView);
