import { css, html, LitElement, nothing, type TemplateResult } from 'lit';
import './analytics-view.ts';
import './history-view.ts';
import './team-view.ts';
import './webhooks-view.ts';
import './answer-bars-view.ts';
import './synonyms-view.ts';
import './learned-pairs-view.ts';
import './bot-test-view.ts';
import './campaigns-view.ts';
import { DashboardApi, login } from './dashboard-api.ts';
import { dashboardStyles } from './dashboard-styles.ts';
import './knowledge-view.ts';
import { L } from './labels.ts';
import './unanswered-view.ts';
import { errorMessage } from './error-messages.ts';

const TABS = ['knowledge', 'unanswered', 'test', 'history', 'analytics', 'campaigns', 'team', 'webhooks'] as const;
/** Tabs only admins see (their API answers others 403). */
const ADMIN_TABS: readonly Tab[] = ['webhooks'];
type Tab = (typeof TABS)[number];

/** `<operator-dashboard>`: the operators' web app at /dashboard, with the agents' login (admins may change things). */
export class OperatorDashboard extends LitElement {
  static override styles = [dashboardStyles, css`
    :host { min-height: 100vh; background: #f9fafb; }
    /* Narrow windows (768 px in English, phones): the tabs wrap onto lines of their own rather than run off screen. */
    .top { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 12px; padding: 8px 16px; min-height: 48px; box-sizing: border-box; background: #1e3a8a; color: #fff; }
    .top h1 { font-size: 16px; margin: 0; }
    .top .who { display: flex; align-items: center; gap: 12px; margin-left: auto; }
    nav { display: flex; flex-wrap: wrap; gap: 4px; flex: 1 1 auto; }
    nav button { background: transparent; border-color: transparent; }
    nav button[aria-selected='true'] { background: #fff; color: #1e3a8a; }
    main { padding: 16px; max-width: 1100px; margin: 0 auto; }
    .login { max-width: 320px; margin: 15vh auto; display: flex; flex-direction: column; gap: 10px; padding: 24px; border: 1px solid #e5e7eb; border-radius: 12px; background: #fff; }
  `];
  static override properties = { session: { state: true }, tab: { state: true }, error: { state: true } };
  declare session: { token: string; agent: { id: string; name: string; role: string } } | undefined;
  declare tab: Tab;
  declare error: string;
  private api: DashboardApi | undefined;

  constructor() {
    super();
    const token = sessionStorage.getItem('console.token');
    const agent = JSON.parse(sessionStorage.getItem('console.agent') ?? 'null') as { id: string; name: string; role: string } | null;
    this.session = token && agent ? { token, agent } : undefined;
    this.tab = (TABS as readonly string[]).includes(location.hash.slice(1)) ? (location.hash.slice(1) as Tab) : 'knowledge';
    this.error = '';
  }

  private async onLogin(event: Event): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const value = (name: string) => (form.elements.namedItem(name) as HTMLInputElement).value;
    try {
      const session = await login(value('email'), value('password'));
      sessionStorage.setItem('console.token', session.token);
      sessionStorage.setItem('console.agent', JSON.stringify(session.agent));
      [this.session, this.error] = [session, ''];
    } catch (error) {
      this.error = errorMessage(error);
    }
  }

  /** Signs out; `why` shows on the login form (the account deactivated, the session expired). */
  private logout(why = ''): void {
    sessionStorage.removeItem('console.token');
    sessionStorage.removeItem('console.agent');
    [this.session, this.api, this.error] = [undefined, undefined, why];
  }

  private show(tab: Tab): void {
    this.tab = tab;
    history.replaceState(null, '', `#${tab}`);
  }

  override render(): TemplateResult {
    if (!this.session) {
      return html`<form class="login" @submit=${(e: Event) => this.onLogin(e)}><h1>${L.title}</h1>
        <input name="email" type="email" required placeholder=${L.email} aria-label=${L.email} autocomplete="username">
        <input name="password" type="password" required placeholder=${L.password} aria-label=${L.password} autocomplete="current-password">
        <button type="submit">${L.login}</button>${this.error ? html`<div class="error" role="alert">${this.error}</div>` : nothing}</form>`;
    }
    this.api ??= new DashboardApi(this.session.token, (error) => this.logout(error.code === 'AGENT_DISABLED' ? L.agentDisabled : ''));
    const admin = this.session.agent.role === 'admin';
    const api = this.api;
    const views: Record<Tab, () => TemplateResult> = {
      knowledge: () => html`<kb-editor .api=${api} ?admin=${admin}></kb-editor>`,
      unanswered: () => html`<unanswered-clusters .api=${api} ?admin=${admin}></unanswered-clusters>`,
      test: () => html`<answer-bars .api=${api} ?admin=${admin}></answer-bars><synonym-table .api=${api} ?admin=${admin}></synonym-table><learned-pairs .api=${api} ?admin=${admin}></learned-pairs><bot-test .api=${api}></bot-test>`,
      history: () => html`<conversation-history .api=${api} ?admin=${admin}></conversation-history>`,
      analytics: () => html`<analytics-view .api=${api}></analytics-view>`,
      campaigns: () => html`<campaigns-view .api=${api} ?admin=${admin}></campaigns-view>`,
      team: () => html`<team-view .api=${api} ?admin=${admin}></team-view>`,
      webhooks: () => html`<webhooks-view .api=${api}></webhooks-view>`,
    };
    return html`<div class="top"><h1>${L.title}</h1>
        <nav role="tablist">${TABS.filter((tab) => admin || !ADMIN_TABS.includes(tab)).map((tab) => html`<button role="tab" data-tab=${tab} aria-selected=${String(this.tab === tab)} @click=${() => this.show(tab)}>${L[tab]}</button>`)}</nav>
        <span class="who"><span>${this.session.agent.name}</span><button class="secondary" @click=${() => this.logout()}>${L.logout}</button></span></div>
      <main role="tabpanel">${admin ? nothing : html`<p class="muted">${L.adminOnly}</p>`}${views[admin || !ADMIN_TABS.includes(this.tab) ? this.tab : 'knowledge']()}</main>`;
  }
}

if (!customElements.get('operator-dashboard')) customElements.define('operator-dashboard', OperatorDashboard);
