import type { AnalyticsReport } from '@chatbot/protocol';
import { html, LitElement, nothing, type TemplateResult } from 'lit';
import type { DashboardApi } from './dashboard-api.ts';
import { dashboardStyles } from './dashboard-styles.ts';
import { L, locale } from './labels.ts';
import { barChart, rankChart } from './svg-charts.ts';
import { errorMessage } from './error-messages.ts';

const day = (offset: number) => new Intl.DateTimeFormat('en-CA').format(new Date(Date.now() + offset * 86_400_000));
const percent = (x: number | null) => (x === null ? '–' : `${Math.round(x * 1000) / 10}%`);
const seconds = (x: number | null) => (x === null ? '–' : x < 90 ? `${Math.round(x)} s` : `${Math.round(x / 6) / 10} min`);

/** `<analytics-view>`: the figures over a date range, as charts and tables, with a CSV export. */
export class AnalyticsView extends LitElement {
  static override styles = dashboardStyles;
  static override properties = { api: { attribute: false }, report: { state: true }, error: { state: true } };
  declare api: DashboardApi;
  declare report: AnalyticsReport | undefined;
  declare error: string | undefined;
  private range = { from: day(-29), to: day(0), channel: '' };
  private readonly tz = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private query(): string {
    return new URLSearchParams({ from: this.range.from, to: this.range.to, tz: this.tz, ...(this.range.channel ? { channel: this.range.channel } : {}) }).toString();
  }

  async load(): Promise<void> {
    try {
      [this.report, this.error] = [await this.api.json<AnalyticsReport>(`/api/analytics?${this.query()}`), undefined];
    } catch (error) {
      // No figures under the error: they would be those of the range asked before.
      [this.report, this.error] = [undefined, errorMessage(error)];
    }
  }

  private async download(): Promise<void> {
    try {
      await this.api.download(`/api/analytics/export?${this.query()}`, `analytics-${this.range.from}-${this.range.to}.csv`);
    } catch (error) {
      this.error = `${L.csv}: ${errorMessage(error)}`;
    }
  }

  private set(key: 'from' | 'to' | 'channel', event: Event): void {
    this.range = { ...this.range, [key]: (event.target as HTMLInputElement).value };
    void this.load();
  }

  override render(): TemplateResult {
    const r = this.report;
    const t = r?.totals;
    const kpi = (label: string, value: string) => html`<div class="kpi"><span>${label}</span><strong>${value}</strong></div>`;
    return html`<div class="toolbar">
        <label>${L.from} <input type="date" name="from" .value=${this.range.from} @change=${(e: Event) => this.set('from', e)}></label>
        <label>${L.to} <input type="date" name="to" .value=${this.range.to} @change=${(e: Event) => this.set('to', e)}></label>
        <label>${L.channel} <select @change=${(e: Event) => this.set('channel', e)}><option value="">${L.all}</option><option value="web">web</option><option value="wechat">wechat</option></select></label>
        <button class="secondary" @click=${() => this.load()}>${L.refresh}</button>
        <button class="secondary csv" @click=${() => this.download()}>${L.csv}</button></div>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${r && t ? html`
        <div class="kpis">${kpi(L.conversations, t.conversations.toLocaleString(locale))}${kpi(L.botResolution, percent(t.botResolutionRate))}${kpi(L.handoffRate, percent(t.handoffRate))}
          ${kpi(L.firstResponse, seconds(t.firstResponseSeconds.median))}${kpi(L.wait, seconds(t.waitSeconds.median))}${kpi(L.csat, t.csat.average === null ? '–' : `${t.csat.average.toFixed(2)} / 5 (${t.csat.responses})`)}${kpi(L.helpful, percent(t.feedbackHelpfulRate))}</div>
        ${barChart(L.perDay, r.daily.map((d) => d.day.slice(5)), [{ name: L.botResolved, color: '#16a34a', values: r.daily.map((d) => d.botResolved) }, { name: L.handedOff, color: '#f59e0b', values: r.daily.map((d) => d.handedOff) }])}
        <div class="grid2">${rankChart(L.reasons, r.handoffReasons.map((x) => ({ label: L.reasonNames[x.reason as keyof typeof L.reasonNames] ?? x.reason, value: x.count })), '#f59e0b')}
          ${rankChart(L.csatDistribution, (['5', '4', '3', '2', '1'] as const).map((s) => ({ label: '★'.repeat(Number(s)), value: t.csat.distribution[s] })), '#8b5cf6')}</div>
        <div class="grid2"><div><h3>${L.topQuestions}</h3><table><tbody>${r.topQuestions.map((q) => html`<tr><td>${q.question}</td><td>${q.count}</td></tr>`)}</tbody></table></div>
          <div><h3>${L.topUnanswered}</h3><table><tbody>${r.topUnanswered.map((q) => html`<tr><td>${q.text}</td><td>${q.count}</td></tr>`)}</tbody></table></div></div>
        <h3>${L.byChannel}</h3><table class="channels"><thead><tr><th>${L.channel}</th><th>${L.conversations}</th><th>${L.handedOff}</th><th>${L.botResolution}</th><th>${L.csat}</th></tr></thead>
          <tbody>${r.channels.map((c) => html`<tr><td>${c.channel}</td><td>${c.conversations}</td><td>${c.handedOff}</td><td>${percent(c.botResolutionRate)}</td><td>${c.csatAverage?.toFixed(2) ?? '–'}</td></tr>`)}</tbody></table>
        ${r.groups.length > 0 ? html`<h3>${L.byGroup}</h3><table class="groups"><thead><tr><th>${L.group}</th><th>${L.handedOff}</th><th>${L.wait}</th><th>${L.firstResponse}</th><th>${L.csat}</th></tr></thead>
          <tbody>${r.groups.map((g) => html`<tr><td>${g.group}</td><td>${g.handedOff}</td><td>${seconds(g.waitMedianSeconds)}</td><td>${seconds(g.firstResponseMedianSeconds)}</td><td>${g.csatAverage?.toFixed(2) ?? '–'}</td></tr>`)}</tbody></table>` : nothing}` : nothing}`;
  }
}

if (!customElements.get('analytics-view')) customElements.define('analytics-view', AnalyticsView);
