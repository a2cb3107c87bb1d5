import { WEBHOOK_EVENTS, WEBHOOK_FORMATS, type Webhook, type WebhookDelivery, type WebhookEvent } from '@chatbot/protocol';
import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import type { DashboardApi } from './dashboard-api.ts';
import { dashboardStyles } from './dashboard-styles.ts';
import { L, locale } from './labels.ts';
import { attempt, loadFailure, noticeLine, type Notice } from './notice.ts';
import { formValue } from './form-value.ts';

const when = (iso: string) => new Date(iso).toLocaleString(locale);

/**
 * `<webhooks-view>` (admins): addresses told about events, as signed JSON or as a WeCom / DingTalk / Feishu
 * group-robot alert ("a visitor is waiting"); a test button, pause, delete, and each webhook's recent
 * deliveries with their attempts and errors (a failed one can be sent again).
 */
export class WebhooksView extends LitElement {
  static override styles = dashboardStyles;
  static override properties = { api: { attribute: false }, webhooks: { state: true }, deliveries: { state: true }, open: { state: true }, secret: { state: true }, notice: { state: true } };
  declare api: DashboardApi;
  declare webhooks: Webhook[];
  declare deliveries: WebhookDelivery[];
  declare open: string | undefined;
  /** A generated secret, shown once after creation. */
  declare secret: string | undefined;
  declare notice: Notice | undefined;

  constructor() {
    super();
    [this.webhooks, this.deliveries] = [[], []];
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  async load(): Promise<void> {
    await attempt(async () => {
      this.webhooks = await this.api.json<Webhook[]>('/api/webhooks');
      if (this.open) this.deliveries = await this.api.json<WebhookDelivery[]>(`/api/webhooks/${encodeURIComponent(this.open)}/deliveries`);
    }, (notice) => (this.notice = loadFailure(notice)));
  }

  private act(work: () => Promise<unknown>, done?: string): Promise<void> {
    return attempt(async () => {
      await work();
      if (done) this.notice = { text: done };
      await this.load();
    }, (notice) => (this.notice = notice));
  }

  private add(event: Event): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const value = (name: string) => formValue(form, name);
    const events = WEBHOOK_EVENTS.filter((e) => (form.elements.namedItem(`event:${e}`) as HTMLInputElement).checked);
    const secret = value('secret');
    return this.act(async () => {
      const created = await this.api.json<{ webhook: Webhook; secret?: string }>('/api/webhooks', { method: 'POST', body: { url: value('url'), format: value('format'), events, ...(secret ? { secret } : {}) } });
      this.secret = secret ? undefined : created.secret;
      form.reset();
    }, L.teamSaved);
  }

  private async showDeliveries(id: string): Promise<void> {
    this.open = this.open === id ? undefined : id;
    this.deliveries = [];
    if (this.open) await this.load();
  }

  private test(hook: Webhook): Promise<void> {
    return this.act(async () => {
      const result = await this.api.json<WebhookDelivery>(`/api/webhooks/${encodeURIComponent(hook.id)}/test`, { method: 'POST' });
      this.notice = result.status === 'delivered' ? { text: `${L.testSent} (HTTP ${result.lastStatus})` } : { text: `${L.testFailed}: ${result.lastError ?? ''}`, error: true };
    });
  }

  private renderDeliveries(hook: Webhook): TemplateResult {
    return html`<table class="deliveries"><thead><tr><th>${L.event}</th><th>${L.deliveryStatus}</th><th>${L.attempts}</th><th>${L.lastAnswer}</th><th>${L.began}</th><th></th></tr></thead>
      <tbody>${this.deliveries.map((d) => html`<tr data-status=${d.status}><td>${d.event}</td><td>${L.deliveryStatuses[d.status]}</td><td>${d.attempts}</td>
        <td>${d.lastStatus ? `HTTP ${d.lastStatus}` : ''} ${d.lastError ?? ''}${d.nextAttemptAt ? html` <span class="muted">${L.nextAttempt} ${when(d.nextAttemptAt)}</span>` : nothing}</td><td>${when(d.createdAt)}</td>
        <td>${d.status === 'failed' ? html`<button class="secondary" @click=${() => this.act(() => this.api.json(`/api/webhooks/${encodeURIComponent(hook.id)}/deliveries/${encodeURIComponent(d.id)}/retry`, { method: 'POST' }))}>${L.retry}</button>` : nothing}</td></tr>`)}</tbody></table>`;
  }

  private renderWebhook(hook: Webhook): TemplateResult {
    const path = `/api/webhooks/${encodeURIComponent(hook.id)}`;
    return html`<div class="webhook" data-id=${hook.id}><div class="row wrap">
        <strong class="grow">${hook.url}</strong><span>${L.formats[hook.format]}</span><span class="muted">${hook.events.map((e) => L.events[e]).join(', ')}</span>
        <label><input type="checkbox" .checked=${live(hook.active)} @change=${(e: Event) => this.act(() => this.api.json(path, { method: 'PATCH', body: { active: (e.target as HTMLInputElement).checked } }))}> ${L.active}</label>
        <button class="secondary" @click=${() => this.test(hook)}>${L.sendTest}</button>
        <button class="secondary" @click=${() => this.showDeliveries(hook.id)}>${L.deliveries}</button>
        <button class="danger" @click=${() => confirm(L.confirmDeleteWebhook) && this.act(() => this.api.json(path, { method: 'DELETE' }))}>${L.delete}</button></div>
      ${this.open === hook.id ? this.renderDeliveries(hook) : nothing}</div>`;
  }

  override render(): TemplateResult {
    return html`${noticeLine(this.notice)}
      ${this.secret ? html`<p class="card secret">${L.secretOnce} <code>${this.secret}</code></p>` : nothing}
      <section class="card"><h3>${L.webhooks}</h3><p class="muted">${L.webhooksHelp}</p>${this.webhooks.map((w) => this.renderWebhook(w))}</section>
      <section class="card"><h3>${L.addWebhook}</h3><form class="add-webhook" @submit=${(e: Event) => this.add(e)}>
        <div class="row wrap"><input class="grow" name="url" type="url" required maxlength="2000" placeholder="https://…" aria-label=${L.address}>
          <select name="format" aria-label=${L.format}>${WEBHOOK_FORMATS.map((f) => html`<option value=${f}>${L.formats[f]}</option>`)}</select>
          <input name="secret" minlength="8" maxlength="200" placeholder=${L.secretOptional} aria-label=${L.secretOptional}></div>
        <div class="row wrap">${WEBHOOK_EVENTS.map((e: WebhookEvent) => html`<label><input type="checkbox" name=${`event:${e}`} ?checked=${e === 'conversation.queued'}> ${L.events[e]}</label>`)}</div>
        <button type="submit">${L.addWebhook}</button></form></section>`;
  }
}

if (!customElements.get('webhooks-view')) customElements.define('webhooks-view', WebhooksView);
