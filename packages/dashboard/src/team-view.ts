import type { CannedReply, TeamMember } from '@chatbot/protocol';
import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import type { DashboardApi } from './dashboard-api.ts';
import { dashboardStyles } from './dashboard-styles.ts';
import { L } from './labels.ts';
import { attempt, loadFailure, noticeLine, type Notice } from './notice.ts';
import { formText, formValue } from './form-value.ts';

/** "售前, 售后" → ["售前", "售后"] (Chinese and ASCII commas). */
const groupsOf = (form: HTMLFormElement) => [...new Set(formValue(form, 'groups').split(/[,，]/).map((g) => g.trim()).filter(Boolean))];

/**
 * `<team-view>`: the agents (add, change role or capacity, set a new password, deactivate) and the canned
 * replies agents insert in the console. Agents may look; admins change.
 */
export class TeamView extends LitElement {
  static override styles = dashboardStyles;
  static override properties = { api: { attribute: false }, admin: { type: Boolean }, agents: { state: true }, replies: { state: true }, notice: { state: true } };
  declare api: DashboardApi;
  declare admin: boolean;
  declare agents: TeamMember[];
  declare replies: CannedReply[];
  declare notice: Notice | undefined;

  constructor() {
    super();
    [this.admin, this.agents, this.replies] = [false, [], []];
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  async load(): Promise<void> {
    await attempt(async () => {
      [this.agents, this.replies] = await Promise.all([this.api.json<TeamMember[]>('/api/agents'), this.api.json<CannedReply[]>('/api/canned-replies')]);
    }, (notice) => (this.notice = loadFailure(notice)));
  }

  private act(work: () => Promise<unknown>, event?: Event): Promise<void> {
    event?.preventDefault();
    // Read now: once the event is dispatched, its target inside the shadow root is no longer exposed.
    // A saved form is reset (the new password goes); the rows' live() bindings then put the saved values back.
    // A refused one is read again too, so a row never shows a change that was not saved (a role the last admin cannot drop).
    const form = event?.target as HTMLFormElement | undefined;
    return attempt(async () => {
      await work();
      this.notice = { text: L.teamSaved };
      form?.reset();
      await this.load();
    }, async (notice) => {
      this.notice = notice;
      await this.load();
    });
  }

  private addAgent(event: Event): Promise<void> {
    const form = event.target as HTMLFormElement;
    const body = { email: formValue(form, 'email'), name: formValue(form, 'name'), password: formText(form, 'password'), role: formValue(form, 'role'), maxConversations: Number(formValue(form, 'maxConversations')), groups: groupsOf(form) };
    return this.act(() => this.api.json('/api/agents', { method: 'POST', body }), event);
  }

  private saveAgent(agent: TeamMember, event: Event): Promise<void> {
    const form = event.target as HTMLFormElement;
    const password = formText(form, 'password');
    const body = { role: formValue(form, 'role'), maxConversations: Number(formValue(form, 'maxConversations')), groups: groupsOf(form), active: (form.elements.namedItem('active') as HTMLInputElement).checked, ...(password ? { password } : {}) };
    return this.act(() => this.api.json(`/api/agents/${encodeURIComponent(agent.id)}`, { method: 'PATCH', body }), event);
  }

  private saveReply(event: Event, id?: string): Promise<void> {
    const form = event.target as HTMLFormElement;
    return this.act(() => this.api.json('/api/canned-replies', { method: 'POST', body: { ...(id ? { id } : {}), title: formValue(form, 'title'), text: formValue(form, 'text') } }), event);
  }

  private renderAgent(a: TeamMember): TemplateResult {
    const off = !this.admin;
    return html`<tr data-id=${a.id}><td colspan="6"><form class="row wrap" @submit=${(e: Event) => this.saveAgent(a, e)}>
      <strong class="grow">${a.name} <span class="muted">${a.email}</span></strong>
      <select name="role" aria-label=${L.role} ?disabled=${off}>${(['agent', 'admin'] as const).map((r) => html`<option value=${r} .selected=${live(a.role === r)}>${r === 'admin' ? L.roleAdmin : L.roleAgent}</option>`)}</select>
      <label>${L.maxConversations} <input name="maxConversations" type="number" min="1" max="50" .value=${live(String(a.maxConversations))} ?disabled=${off} style="width:70px"></label>
      <input name="groups" maxlength="500" .value=${live(a.groups.join(', '))} placeholder=${L.agentGroups} aria-label=${L.agentGroups} title=${L.agentGroups} ?disabled=${off} style="width:140px">
      <label><input name="active" type="checkbox" .checked=${live(a.active)} ?disabled=${off}> ${L.active}</label>
      <input name="password" type="password" minlength="8" placeholder=${L.newPassword} aria-label=${L.newPassword} autocomplete="new-password" ?disabled=${off}>
      ${this.admin ? html`<button type="submit">${L.save}</button>` : nothing}</form></td></tr>`;
  }

  override render(): TemplateResult {
    return html`${noticeLine(this.notice)}
      <section class="card"><h3>${L.agents}</h3><table class="agents"><tbody>${this.agents.map((a) => this.renderAgent(a))}</tbody></table>
        ${this.admin ? html`<form class="row wrap add-agent" @submit=${(e: Event) => this.addAgent(e)}>
          <input name="name" required maxlength="100" placeholder=${L.agentName} aria-label=${L.agentName}>
          <input name="email" type="email" required placeholder=${L.email} aria-label=${L.email}>
          <input name="password" type="password" required minlength="8" placeholder=${L.password} aria-label=${L.password} autocomplete="new-password">
          <select name="role" aria-label=${L.role}><option value="agent">${L.roleAgent}</option><option value="admin">${L.roleAdmin}</option></select>
          <label>${L.maxConversations} <input name="maxConversations" type="number" min="1" max="50" value="5" style="width:70px"></label>
          <input name="groups" maxlength="500" placeholder=${L.agentGroups} aria-label=${L.agentGroups}>
          <button type="submit">${L.addAgent}</button></form>` : nothing}</section>
      <section class="card"><h3>${L.cannedReplies}</h3>
        ${this.replies.map((r) => html`<form class="row wrap canned" data-id=${r.id} @submit=${(e: Event) => this.saveReply(e, r.id)}>
          <input name="title" required maxlength="100" .value=${live(r.title)} aria-label=${L.replyTitle} ?disabled=${!this.admin}>
          <input class="grow" name="text" required maxlength="4000" .value=${live(r.text)} aria-label=${L.replyText} ?disabled=${!this.admin}>
          ${this.admin ? html`<button type="submit">${L.save}</button><button type="button" class="danger" @click=${() => this.act(() => this.api.json(`/api/canned-replies/${encodeURIComponent(r.id)}`, { method: 'DELETE' }))}>${L.delete}</button>` : nothing}</form>`)}
        ${this.admin ? html`<form class="row wrap add-reply" @submit=${(e: Event) => this.saveReply(e)}>
          <input name="title" required maxlength="100" placeholder=${L.replyTitle} aria-label=${L.replyTitle}>
          <input class="grow" name="text" required maxlength="4000" placeholder=${L.replyText} aria-label=${L.replyText}>
          <button type="submit">${L.addReply}</button></form>` : nothing}</section>`;
  }
}

if (!customElements.get('team-view')) customElements.define('team-view', TeamView);
