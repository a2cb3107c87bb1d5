import type { CampaignResult } from '@chatbot/protocol';
import { html, LitElement, nothing, type TemplateResult } from 'lit';
import type { DashboardApi } from './dashboard-api.ts';
import { dashboardStyles } from './dashboard-styles.ts';
import { L } from './labels.ts';
import { attempt, loadFailure, noticeLine, type Notice } from './notice.ts';
import { formValue } from './form-value.ts';

interface Rules {
  frequencyCap: { count: number; days: number };
  quietHours: { from: number; to: number; tz: string } | null;
  optOutWords: string[];
  optInWords: string[];
}
interface Campaign {
  id: string;
  text: string;
  segment: { tags: string[] };
  createdAt: string;
  result: CampaignResult | null;
}
const words = (value: string) => value.split(/[,，]/).map((w) => w.trim()).filter(Boolean);

/** `<campaigns-view>`: send a message to a segment of visitors (主动服务) within the anti-harassment rules, and edit those rules. */
export class CampaignsView extends LitElement {
  static override styles = dashboardStyles;
  static override properties = { api: { attribute: false }, admin: { type: Boolean }, rules: { state: true }, campaigns: { state: true }, result: { state: true }, notice: { state: true } };
  declare api: DashboardApi;
  declare admin: boolean;
  declare rules: Rules | undefined;
  declare campaigns: Campaign[];
  declare result: (CampaignResult & { dryRun: boolean }) | undefined;
  declare notice: Notice | undefined;

  constructor() {
    super();
    [this.admin, this.campaigns] = [false, []];
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    await attempt(async () => {
      [this.rules, this.campaigns] = await Promise.all([this.api.json<Rules>('/api/proactive/rules'), this.api.json<Campaign[]>('/api/proactive/campaigns')]);
    }, (notice) => (this.notice = loadFailure(notice)));
  }

  private attempt(work: () => Promise<void>): Promise<void> {
    return attempt(work, (notice) => (this.notice = notice));
  }

  private send(event: Event, dryRun: boolean): Promise<void> {
    const form = (event.target as HTMLElement).closest('form')!;
    const value = (name: string) => formValue(form, name);
    const days = (name: string) => (value(name) ? { [name]: Number(value(name)) } : {});
    return this.attempt(async () => {
      if (!form.reportValidity()) return;
      const result = await this.api.json<CampaignResult>('/api/proactive/campaigns', { method: 'POST', body: { text: value('text'), tags: words(value('tags')), ...days('inactiveDays'), ...days('seenWithinDays'), ...(value('channel') ? { channels: [value('channel')] } : {}), dryRun } });
      [this.result, this.notice] = [{ ...result, dryRun }, undefined];
      if (!dryRun) await this.load();
    });
  }

  private saveRules(event: Event): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const value = (name: string) => formValue(form, name);
    // A blank number field reads as 0: a cap of 0 sends nothing, a blank "to" would be midnight.
    const blank = (name: string) => value(name) === '';
    const refusal = blank('capCount') || blank('capDays') ? L.capRequired : blank('quietFrom') !== blank('quietTo') ? L.quietHoursBoth : undefined;
    if (refusal) {
      this.notice = { text: refusal, error: true };
      return Promise.resolve();
    }
    const rules: Rules = {
      frequencyCap: { count: Number(value('capCount')), days: Number(value('capDays')) },
      quietHours: blank('quietFrom') ? null : { from: Number(value('quietFrom')), to: Number(value('quietTo')), tz: value('quietTz') || 'Asia/Shanghai' },
      optOutWords: words(value('optOut')),
      optInWords: words(value('optIn')),
    };
    return this.attempt(async () => {
      this.rules = await this.api.json<Rules>('/api/proactive/rules', { method: 'PUT', body: rules });
      this.notice = { text: L.rulesSaved };
    });
  }

  private graylist(event: Event, graylisted: boolean): Promise<void> {
    const input = (event.target as HTMLElement).closest('div')!.querySelector('input')!;
    return this.attempt(async () => {
      await this.api.json(`/api/visitors/${encodeURIComponent(input.value.trim())}/graylist`, { method: 'POST', body: { graylisted } });
      this.notice = { text: `${L.graylist}: ${input.value.trim()} ${graylisted ? '✓' : '✗'}` };
    });
  }

  private renderResult(r: CampaignResult, dryRun = false): TemplateResult {
    const skipped = (Object.entries(r.skipped) as [keyof CampaignResult['skipped'], number][]).filter(([, n]) => n > 0).map(([reason, n]) => `${L.skipReasons[reason]} ${n}`).join(' · ');
    return html`<span class="result">${L.matched} ${r.matched} · ${dryRun ? L.wouldSend : L.sent} ${r.sent}${skipped ? html` · ${L.skipped}: ${skipped}` : nothing}</span>`;
  }

  override render(): TemplateResult {
    const r = this.rules;
    return html`${noticeLine(this.notice)}
      <form class="card editor campaign" @submit=${(e: Event) => e.preventDefault()}>
        <label>${L.text}<textarea name="text" rows="3" required maxlength="1000"></textarea></label>
        <label>${L.segmentTags}<input name="tags" placeholder="english, price"></label>
        <div class="row wrap"><label>${L.inactiveDays} <input name="inactiveDays" type="number" min="1" max="3650"></label>
          <label>${L.seenWithinDays} <input name="seenWithinDays" type="number" min="1" max="3650"></label>
          <label>${L.channel} <select name="channel"><option value="">${L.all}</option><option>web</option><option>wechat</option></select></label></div>
        <div class="row"><button type="button" class="secondary dry-run" ?disabled=${!this.admin} @click=${(e: Event) => this.send(e, true)}>${L.dryRun}</button>
          <button type="button" class="send" ?disabled=${!this.admin} @click=${(e: Event) => this.send(e, false)}>${L.send}</button>
          ${this.result ? html`<strong>${this.result.dryRun ? L.dryRun : L.sent}:</strong> ${this.renderResult(this.result, this.result.dryRun)}` : nothing}</div>
      </form>
      ${r ? html`<form class="card editor rules" @submit=${(e: Event) => this.saveRules(e)}><h3>${L.rules}</h3>
        <div class="row wrap"><label>${L.frequencyCap} <input name="capCount" type="number" min="0" max="100" .value=${String(r.frequencyCap.count)}></label>
          <label>/ <input name="capDays" type="number" min="1" max="365" .value=${String(r.frequencyCap.days)}> ${L.capDays}</label></div>
        <div class="row wrap"><label>${L.quietHours} <input name="quietFrom" type="number" min="0" max="23" .value=${r.quietHours ? String(r.quietHours.from) : ''}></label>
          <label>– <input name="quietTo" type="number" min="0" max="23" .value=${r.quietHours ? String(r.quietHours.to) : ''}></label>
          <label><input name="quietTz" .value=${r.quietHours?.tz ?? 'Asia/Shanghai'}></label></div>
        <label>${L.optOutWords}<input name="optOut" .value=${r.optOutWords.join(', ')}></label>
        <label>${L.optInWords}<input name="optIn" .value=${r.optInWords.join(', ')}></label>
        <button type="submit" ?disabled=${!this.admin}>${L.save}</button></form>` : nothing}
      <div class="card row wrap"><strong>${L.graylist}</strong><input aria-label=${L.visitorId} placeholder=${L.visitorId}>
        <button class="secondary" ?disabled=${!this.admin} @click=${(e: Event) => this.graylist(e, true)}>+</button><button class="secondary" ?disabled=${!this.admin} @click=${(e: Event) => this.graylist(e, false)}>−</button>
        ${this.admin ? html`<button class="secondary export-visitors" @click=${() => this.attempt(() => this.api.download('/api/visitors/export?format=xlsx', 'visitors.xlsx'))}>${L.exportVisitors}</button>` : nothing}</div>
      <table class="campaigns"><tbody>${this.campaigns.map((c) => html`<tr><td>${new Date(c.createdAt).toLocaleString()}</td><td>${c.text}</td><td>${c.segment.tags.join(', ')}</td><td>${c.result ? this.renderResult(c.result) : '…'}</td></tr>`)}</tbody></table>`;
  }
}

if (!customElements.get('campaigns-view')) customElements.define('campaigns-view', CampaignsView);
