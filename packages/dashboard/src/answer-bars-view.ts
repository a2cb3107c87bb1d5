import type { AnswerBars as Bars, AnswerBarsState as BarsState, CalibrationJob, CalibrationProposal as Calibration } from '@chatbot/protocol';
import { css, html, LitElement, nothing, type TemplateResult } from 'lit';
import type { DashboardApi } from './dashboard-api.ts';
import { dashboardStyles } from './dashboard-styles.ts';
import { L } from './labels.ts';
import { attempt, noticeLine, type Notice } from './notice.ts';

const FIELDS = ['answer', 'sharedWord', 'suggest', 'margin'] as const;
const POLL_MS = 300;
const LABEL = { answer: L.barAnswer, sharedWord: L.barSharedWord, suggest: L.barSuggest, margin: L.barMargin };

/** Reads `{"query": "...", "id": "entry" | null}` lines; throws naming the first bad line. */
function labelledQueries(text: string): { query: string; id: string | null }[] {
  return text.split('\n').flatMap((line, i) => {
    if (!line.trim()) return [];
    try {
      const value = JSON.parse(line) as { query?: unknown; id?: unknown };
      if (typeof value.query === 'string' && (value.id === null || typeof value.id === 'string')) return [{ query: value.query, id: value.id }];
    } catch {
      // reported below
    }
    throw new Error(`${L.line} ${i + 1}: ${L.labelledLine}`);
  });
}

/** The English questions' own bars while they are in use (a bilingual knowledge base's, configured or saved). */
const englishInUse = (s: BarsState | undefined): Bars | undefined => (s?.englishThresholds && (!s.saved || s.savedEnglish) ? s.englishThresholds : undefined);

/** `<answer-bars>`: the scores from which the bot answers or offers "did you mean", saved for every node, and calibrated on labelled questions. */
export class AnswerBarsView extends LitElement {
  static override styles = [dashboardStyles, css`
    :host { display: block; margin-bottom: 16px; }
    .calibrate { display: flex; gap: 8px; align-items: flex-start; }
    .calibrate textarea { flex: 1; }
  `];
  static override properties = { api: { attribute: false }, admin: { type: Boolean }, state: { state: true }, proposal: { state: true }, notice: { state: true } };
  declare api: DashboardApi;
  declare admin: boolean;
  declare state: BarsState | undefined;
  declare proposal: Calibration | undefined;
  declare notice: Notice | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.attempt(async () => {
      this.state = await this.api.json<BarsState>('/api/bot/thresholds');
    });
  }

  private attempt(work: () => Promise<void>): Promise<void> {
    return attempt(work, (notice) => (this.notice = notice));
  }

  /** Without English bars (a manual save, a calibration without English questions) the ones in use are kept. */
  private save(bars: Bars, english: Bars | undefined = englishInUse(this.state)): Promise<void> {
    return this.attempt(async () => {
      const body = { ...bars, ...(english ? { english } : {}) };
      [this.state, this.proposal, this.notice] = [await this.api.json<BarsState>('/api/bot/thresholds', { method: 'PUT', body }), undefined, { text: L.saved }];
    });
  }

  private onSave(event: Event): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const value = (name: string) => Number((form.elements.namedItem(name) as HTMLInputElement).value);
    return this.save({ answer: value('answer'), sharedWord: value('sharedWord'), suggest: value('suggest'), margin: value('margin') });
  }

  private reset(): Promise<void> {
    return this.attempt(async () => {
      [this.state, this.notice] = [await this.api.json<BarsState>('/api/bot/thresholds', { method: 'DELETE' }), { text: L.saved }];
    });
  }

  private calibrate(event: Event): Promise<void> {
    event.preventDefault();
    const text = ((event.target as HTMLFormElement).elements.namedItem('queries') as HTMLTextAreaElement).value;
    return this.attempt(async () => {
      // In the background on the server: thousands of questions take tens of seconds; the progress shows meanwhile.
      let job = await this.api.json<CalibrationJob>('/api/bot/calibrations', { method: 'POST', body: { queries: labelledQueries(text) } });
      this.proposal = undefined;
      while (job.status === 'running') {
        this.notice = { text: `${L.calibrating} ${job.done} / ${job.total}` };
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        job = await this.api.json<CalibrationJob>(`/api/bot/calibrations/${job.id}`);
      }
      if (job.status === 'failed' || !job.result) throw new Error(job.error ?? L.calibrating);
      [this.proposal, this.notice] = [job.result, undefined];
    });
  }

  override render(): TemplateResult {
    const s = this.state;
    const p = this.proposal;
    const row = (label: string, bars: Bars, extra: unknown = nothing) => html`<tr><th>${label}</th>${FIELDS.map((f) => html`<td>${bars[f] ?? bars.answer}</td>`)}<td>${extra}</td></tr>`;
    return html`<h3>${L.answerBars}</h3><p class="muted">${L.answerBarsHelp}</p>
      ${noticeLine(this.notice)}
      ${p?.warnings.map((w) => html`<p class="error warning">${w}</p>`) ?? nothing}
      ${s ? html`<table class="bars"><thead><tr><th></th>${FIELDS.map((f) => html`<th>${LABEL[f]}</th>`)}<th></th></tr></thead><tbody>
          ${row(L.inUse, s.thresholds, s.saved ? L.savedBars : L.configuredBars)}${englishInUse(s) ? row(L.englishQuestions, englishInUse(s)!) : nothing}${s.saved ? row(L.configuredBars, s.configured) : nothing}
          ${p ? row(L.proposed, p.calibrated.thresholds, html`${L.balancedAccuracy} ${p.current.balancedAccuracy} → <strong>${p.calibrated.balancedAccuracy}</strong> (${p.queries} / ${p.inScope})`) : nothing}
          ${p?.english ? row(`${L.proposed}: ${L.englishQuestions}`, p.english.calibrated.thresholds, html`${L.balancedAccuracy} ${p.english.current.balancedAccuracy} → <strong>${p.english.calibrated.balancedAccuracy}</strong> (${p.english.queries} / ${p.english.inScope})`) : nothing}</tbody></table>
        ${this.admin ? html`<form class="toolbar bars-form" @submit=${(e: Event) => this.onSave(e)}>
            ${FIELDS.map((f) => html`<label>${LABEL[f]} <input name=${f} type="number" min="0" max="1" step="any" required .value=${String(s.thresholds[f] ?? s.thresholds.answer)}></label>`)}
            <button type="submit">${L.save}</button>${s.saved ? html`<button type="button" class="secondary reset" @click=${() => this.reset()}>${L.useConfigured}</button>` : nothing}
            ${p ? html`<button type="button" class="apply" @click=${() => this.save(p.calibrated.thresholds, p.english?.calibrated.thresholds)}>${L.applyProposed}</button>` : nothing}</form>
          <form class="calibrate" @submit=${(e: Event) => this.calibrate(e)}><textarea name="queries" rows="4" aria-label=${L.labelledQueries} placeholder=${'{"query": "课程能退钱吗", "id": "refund"}\n{"query": "你们卖手机吗", "id": null}'}></textarea>
            <button type="submit">${L.calibrate}</button></form>` : nothing}` : nothing}`;
  }
}

if (!customElements.get('answer-bars')) customElements.define('answer-bars', AnswerBarsView);
