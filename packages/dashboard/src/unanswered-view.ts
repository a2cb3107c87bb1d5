import type { UnansweredCluster } from '@chatbot/protocol';
import { html, LitElement, nothing, type TemplateResult } from 'lit';
import type { DashboardApi } from './dashboard-api.ts';
import { dashboardStyles } from './dashboard-styles.ts';
import { L } from './labels.ts';
import { attempt, failureNotice, loadFailure, noticeLine, type Notice } from './notice.ts';
import { fitQuestion, MAX_QUESTION_LENGTH, oneLine } from './fit-question.ts';
import { formValue } from './form-value.ts';

/** How many of a cluster's questions are too long for an entry (and are cut to fit). */
const tooLong = (cluster: UnansweredCluster): number => cluster.questions.filter((q) => fitQuestion(q.text) !== oneLine(q.text)).length;

/**
 * `<unanswered-clusters>`: what the bot failed at, grouped by meaning. One click adds a cluster's questions
 * to an existing entry, or creates an entry from them (with an agent's answer when there is one).
 */
export class UnansweredView extends LitElement {
  static override styles = dashboardStyles;
  static override properties = { api: { attribute: false }, admin: { type: Boolean }, clusters: { state: true }, creating: { state: true }, notice: { state: true }, threshold: { state: true }, defaultThreshold: { state: true } };
  declare api: DashboardApi;
  declare admin: boolean;
  declare clusters: UnansweredCluster[] | undefined;
  declare creating: string | undefined;
  declare notice: Notice | undefined;
  /** Undefined until the operator moves the slider: the server then uses its bar for the bot's vectors. */
  declare threshold: number | undefined;
  declare defaultThreshold: number;

  constructor() {
    super();
    [this.admin, this.threshold, this.defaultThreshold] = [false, undefined, 0.5];
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  async load(): Promise<void> {
    if (this.threshold === undefined) {
      const health = await this.api.json<{ bot?: { clusterThreshold?: number } }>('/health').catch(() => undefined);
      this.defaultThreshold = health?.bot?.clusterThreshold ?? this.defaultThreshold;
    }
    // On a failure the error shows, not "nothing unanswered".
    await attempt(async () => {
      this.clusters = await this.api.json<UnansweredCluster[]>(`/api/unanswered/clusters${this.threshold === undefined ? '' : `?threshold=${this.threshold}`}`);
    }, (notice) => ([this.clusters, this.notice] = [undefined, loadFailure(notice)]));
  }

  private async act(work: () => Promise<unknown>, done: string): Promise<void> {
    try {
      await work();
      this.notice = { text: done };
      this.creating = undefined;
      await this.load();
    } catch (error) {
      this.notice = failureNotice(error);
    }
  }

  private addTo(cluster: UnansweredCluster, entryId: string): Promise<void> {
    const cut = tooLong(cluster);
    return this.act(async () => {
      await this.api.json(`/api/knowledge/${encodeURIComponent(entryId)}/questions`, { method: 'POST', body: { questions: cluster.questions.map((q) => fitQuestion(q.text)) } });
      // Saving resolves the questions it holds; one cut to fit is not the visitor's text, which is resolved here.
      if (cut > 0) await this.api.json('/api/unanswered/resolve', { method: 'POST', body: { texts: cluster.questions.map((q) => q.text) } });
    }, `${L.saved} (${entryId})${cut > 0 ? ` · ${L.questionsCut(cut, MAX_QUESTION_LENGTH)}` : ''}`);
  }

  private create(event: Event, cluster: UnansweredCluster): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const value = (name: string) => formValue(form, name);
    const [id, answer] = [value('id'), value('answer')];
    const questions = value('questions').split('\n').map((q) => q.trim()).filter(Boolean);
    return this.act(async () => {
      await this.api.createEntry(id, { questions, answer });
      // The questions the operator took out (or that were written on several lines) are dealt with too, but only once the entry is saved.
      await this.api.json('/api/unanswered/resolve', { method: 'POST', body: { texts: cluster.questions.map((q) => q.text) } });
    }, `${L.saved} (${id})`);
  }

  private renderCluster(c: UnansweredCluster): TemplateResult {
    return html`<article class="card cluster" data-cluster=${c.id}>
      <header><h3>${c.representative}</h3><span class="badge">${c.count} ${L.askedTimes}</span></header>
      <div class="chips">${c.questions.map((q) => html`<span class="chip" title=${q.kinds.join(', ')}>${q.text} <small>×${q.count}</small></span>`)}</div>
      ${c.nearestEntries.length ? html`<p class="muted">${L.nearest}</p><div class="row wrap">${c.nearestEntries.map((n) => html`<button class="secondary add-to" data-entry=${n.entryId} ?disabled=${!this.admin} @click=${() => this.addTo(c, n.entryId)}>${L.addTo} “${n.question}” <small>${n.score.toFixed(2)}</small></button>`)}</div>` : nothing}
      ${c.agentAnswers.length ? html`<p class="muted">${L.agentAnswers}</p><ul class="answers">${c.agentAnswers.map((a) => html`<li>${a}</li>`)}</ul>` : nothing}
      <div class="row"><button class="create" ?disabled=${!this.admin} @click=${() => (this.creating = c.id)}>${L.createEntry}</button>
        <button class="secondary dismiss" ?disabled=${!this.admin} @click=${() => this.act(() => this.api.json('/api/unanswered/resolve', { method: 'POST', body: { texts: c.questions.map((q) => q.text) } }), L.dismiss)}>${L.dismiss}</button></div>
      ${this.creating === c.id ? html`<form class="editor" @submit=${(e: Event) => this.create(e, c)}>
        <label>${L.id}<input name="id" required .value=${`faq-${c.id.slice(0, 6)}`}></label>
        ${tooLong(c) > 0 ? html`<p class="muted cut-note">${L.questionsCut(tooLong(c), MAX_QUESTION_LENGTH)}: ${L.editBeforeSaving}</p>` : nothing}
        <label>${L.questions}<textarea name="questions" rows="4" required .value=${c.questions.map((q) => fitQuestion(q.text)).join('\n')}></textarea></label>
        <label>${L.answer}<textarea name="answer" rows="3" required .value=${c.agentAnswers[0] ?? ''}></textarea></label>
        <div class="row"><button type="submit">${L.save}</button><button type="button" class="secondary" @click=${() => (this.creating = undefined)}>${L.cancel}</button></div></form>` : nothing}
    </article>`;
  }

  override render(): TemplateResult {
    const threshold = this.threshold ?? this.defaultThreshold;
    return html`<div class="toolbar"><label>${L.similarity} <input type="range" min="0.3" max="0.9" step="0.05" .value=${String(threshold)} @change=${(e: Event) => { this.threshold = Number((e.target as HTMLInputElement).value); void this.load(); }}> ${threshold.toFixed(2)}</label>
        <button class="secondary" @click=${() => this.load()}>${L.refresh}</button></div>
      ${noticeLine(this.notice)}
      ${this.clusters === undefined ? (this.notice?.error ? nothing : html`<p class="muted">…</p>`) : this.clusters.length === 0 ? html`<p class="muted">${L.none}</p>` : this.clusters.map((c) => this.renderCluster(c))}`;
  }
}

if (!customElements.get('unanswered-clusters')) customElements.define('unanswered-clusters', UnansweredView);
