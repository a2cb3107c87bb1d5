import { FILE_INPUT_ACCEPT, fileSizeLabel, fileUrl, isImageFile, markUnavailable, MAX_MESSAGE_CHARS, UNAVAILABLE_FILE_NOTE, type ChatMessage, type ConversationDetail, type ConversationSummary, type FileRef } from '@chatbot/protocol';
import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { createAgentAlerts } from './agent-alerts.ts';
import { AgentConnection, type CallResult } from './agent-connection.ts';
import { cannedQuery, matchCanned, type CannedReply } from './canned-picker.ts';
import { cannedReplies, login, sendFile, teamGroups, visitorConversations } from './console-api.ts';
import { L, zh } from './console-labels.ts';
import { confirmMenu, type MenuChoice } from './confirm-menu.ts';
import { consoleStyles } from './console-styles.ts';
import { errorText } from './error-text.ts';
import type { ConsoleError } from './errors.ts';
import { PendingReplies } from './pending-replies.ts';
import { TranscriptScroll } from './transcript-scroll.ts';
import { WAITING_REFRESH_MS, waitingMinutes } from './waiting-time.ts';

const when = (iso: string | undefined) => (iso ? new Date(iso).toLocaleString() : '-');
/** A transfer-menu value naming a group rather than an agent. */
const GROUP_OPTION = 'group:';

/** `<agent-console>`: log in, see the queue live, take conversations, reply, note, transfer, close, hand back. */
export class AgentConsole extends LitElement {
  static override styles = consoleStyles;
  static override properties = { pane: { state: true }, token: { state: true }, agent: { state: true }, error: { state: true }, canned: { state: true }, groups: { state: true }, earlier: { state: true }, picker: { state: true } };
  declare token: string | undefined;
  declare agent: { id: string; name: string; role: string } | undefined;
  declare error: string;
  declare canned: CannedReply[];
  /** The team's groups (技能组), to transfer to: those of agents offline too. */
  declare groups: string[];
  /** Canned replies offered while the reply box starts with "/", and the highlighted one. */
  declare picker: { matches: CannedReply[]; index: number } | undefined;
  /** The open conversation's visitor and their other conversations (newest first). */
  declare earlier: { visitorId: string; conversations: ConversationSummary[] } | undefined;
  /** What a narrow screen shows, one at a time; a wide one shows all three. */
  declare pane: 'list' | 'conversation' | 'context';
  private readonly alerts = createAgentAlerts({ target: this, onOpen: (conversationId) => this.show(conversationId) });
  /** Half-typed replies by conversation, kept while the agent looks at another one. */
  private readonly drafts = new Map<string, string>();
  private readonly pending = new PendingReplies();
  private readonly transcriptScroll = new TranscriptScroll(this, () => {
    const open = this.shownConversation();
    return { transcript: this.renderRoot?.querySelector<HTMLElement>('.transcript') ?? null, conversationId: open?.conversation.id, messages: open?.messages ?? [], agentId: this.agent?.id };
  });
  private readonly live = new AgentConnection(this, () => this.agent?.id, (kind, conversationId, line) => this.alerts.alert({ kind, conversationId, title: L.alerts[kind], body: line }));

  constructor() {
    super();
    this.token = sessionStorage.getItem('console.token') ?? undefined;
    this.agent = JSON.parse(sessionStorage.getItem('console.agent') ?? 'null') ?? undefined;
    this.error = '';
    this.canned = [];
    this.groups = [];
    this.pane = 'list';
  }

  private show(conversationId: string): void {
    const shown = this.live.open?.conversation.id;
    const box = this.replyBox();
    if (shown && box && shown !== conversationId) {
      if (box.value) this.drafts.set(shown, box.value);
      else this.drafts.delete(shown);
    }
    this.pane = 'conversation';
    void this.live.openConversation(conversationId).then((result) => this.report(result));
  }

  private waitingClock?: ReturnType<typeof setInterval>;

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.token) this.start();
    this.waitingClock = setInterval(() => this.requestUpdate(), WAITING_REFRESH_MS);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.waitingClock);
  }

  private start(): void {
    this.live.connect(this.token!, (why) => {
      this.logout();
      this.error = L.signedOut[why]; // shown on the login form
    });
    void cannedReplies(this.token!).then((list) => (this.canned = list));
    void teamGroups(this.token!).then((groups) => (this.groups = groups));
  }

  private async onLogin(event: Event): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const value = (name: string) => (form.elements.namedItem(name) as HTMLInputElement).value;
    this.alerts.prepare();
    try {
      const result = await login(value('email'), value('password'));
      [this.token, this.agent, this.error] = [result.token, result.agent, ''];
      sessionStorage.setItem('console.token', result.token);
      sessionStorage.setItem('console.agent', JSON.stringify(result.agent));
      this.start();
    } catch (error) {
      this.error = errorText(error as ConsoleError);
    }
  }

  private toggleAlerts(): void {
    this.alerts.enabled = !this.alerts.enabled;
    this.alerts.prepare();
    this.requestUpdate();
  }

  /** Leaves nothing of this agent behind for whoever logs in next in this tab. */
  private logout(): void {
    sessionStorage.clear();
    this.drafts.clear();
    [this.token, this.agent, this.earlier, this.picker, this.canned, this.groups, this.error, this.pane] = [undefined, undefined, undefined, undefined, [], [], '', 'list'];
    this.live.disconnect();
  }

  private async act(event: 'conversation:take' | 'conversation:close' | 'conversation:return-to-bot', conversationId: string): Promise<void> {
    this.report(await this.live.call(event, { conversationId }));
    await this.live.openConversation(conversationId);
  }

  /** `to`: an agent's id, or a group behind GROUP_OPTION. */
  private async transfer(to: string, conversationId: string): Promise<void> {
    this.report(await this.live.call('conversation:transfer', { conversationId, ...(to.startsWith(GROUP_OPTION) ? { toGroup: to.slice(GROUP_OPTION.length) } : { toAgentId: to }) }));
  }

  /** The other agents online, then every group of the team. */
  private transferChoices(): MenuChoice[] {
    const { agents } = this.live;
    return [
      ...agents.filter((a) => a.agentId !== this.agent?.id).map((a) => ({ value: a.agentId, label: `${a.name} (${L.statuses[a.status]})` })),
      ...[...new Set([...this.groups, ...agents.flatMap((a) => a.groups ?? [])])].map((g) => ({ value: GROUP_OPTION + g, label: `${L.group}: ${g}` })),
    ];
  }

  /** Shows why the server refused an action (cleared by the next one that succeeds). */
  private report(result: CallResult): void {
    this.error = result.ok ? '' : errorText(result.error ?? { message: 'failed' });
  }

  private async reply(event: Event): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const box = form.elements.namedItem('text') as HTMLTextAreaElement;
    const noteBox = form.elements.namedItem('note') as HTMLInputElement;
    const note = noteBox.checked;
    const conversationId = this.live.open?.conversation.id;
    if (!conversationId || !box.value.trim()) return;
    const text = box.value.trim();
    // Refused here, kept in the box to shorten: the server refuses it too, and one over the socket's 64 KB frame limit would drop the connection.
    if (text.length > MAX_MESSAGE_CHARS) {
      this.error = L.tooLong(MAX_MESSAGE_CHARS);
      return;
    }
    const kind = note ? 'conversation:note' : 'conversation:reply';
    const result = await this.pending.send(conversationId, `${kind}:${text}`, (clientId) => this.live.call(kind, { conversationId, clientId, text }));
    if (!result) return;
    if (result.ok) {
      box.value = '';
      this.drafts.delete(conversationId);
      noteBox.checked = false; // a note is the exception: left ticked, the next reply would silently become one too
    }
    this.live.typing(conversationId, false);
    this.report(result);
  }

  // Before each render: a newly opened visitor's other conversations are fetched once.
  protected override willUpdate(): void {
    const visitorId = this.live.open?.conversation.visitor.visitorId;
    if (!visitorId || !this.token || this.earlier?.visitorId === visitorId) return;
    this.earlier = { visitorId, conversations: [] };
    void visitorConversations(this.token, visitorId).then((conversations) => {
      if (this.earlier?.visitorId === visitorId) this.earlier = { visitorId, conversations };
    });
  }

  private renderEarlier(openId: string): TemplateResult | typeof nothing {
    const others = this.earlier?.conversations.filter((c) => c.id !== openId) ?? [];
    if (others.length === 0) return nothing;
    return html`<h3>${L.earlier} (${others.length})</h3><div class="earlier">${others.map((c) => html`<button class="item" data-id=${c.id} @click=${() => this.show(c.id)}>${new Date(c.createdAt).toLocaleDateString()} · ${L.states[c.state]}${c.csat ? ` · ${'★'.repeat(c.csat)}` : ''}<small>${c.lastMessage ?? ''}</small></button>`)}</div>`;
  }

  /** Whether a web visitor still has the widget open; other channels keep no connection to tell. */
  private renderVisitorPresence(visitor: ConversationSummary['visitor']): TemplateResult | typeof nothing {
    if (visitor.channel !== 'web') return nothing;
    const online = this.live.visitorOnline.get(visitor.visitorId) ?? false;
    return html`<dt>${L.online}</dt><dd class="visitor-presence" data-online=${online ? 'true' : 'false'}>${online ? L.visitorHere : L.visitorGone}</dd>`;
  }

  private onReplyInput(box: HTMLTextAreaElement, conversationId: string): void {
    this.live.typing(conversationId, true);
    const query = cannedQuery(box.value);
    const matches = query === undefined ? [] : matchCanned(this.canned, query);
    this.picker = matches.length > 0 ? { matches, index: 0 } : undefined;
  }

  /** Enter sends; with canned replies offered, the arrows move, Enter or Tab inserts the highlighted one and Escape closes. */
  private onReplyKey(e: KeyboardEvent): void {
    // An input method (拼音) confirms its composition with Enter: that Enter belongs to it. keyCode 229: Safari's
    // keydown ending a composition reports isComposing false.
    if (e.isComposing || e.keyCode === 229) return;
    const picker = this.picker;
    if (picker) {
      const move = e.key === 'ArrowDown' ? 1 : e.key === 'ArrowUp' ? -1 : 0;
      if (move) this.picker = { ...picker, index: (picker.index + move + picker.matches.length) % picker.matches.length };
      else if (e.key === 'Enter' || e.key === 'Tab') this.insert(picker.matches[picker.index]!.text, { replacingSearch: true });
      else if (e.key === 'Escape') this.picker = undefined;
      else return;
      e.preventDefault();
      return;
    }
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      (e.target as HTMLTextAreaElement).form?.requestSubmit();
    }
  }

  private renderPicker(): TemplateResult | typeof nothing {
    const picker = this.picker;
    if (!picker) return nothing;
    return html`<ul class="canned-picker" role="listbox" aria-label=${L.canned}>${picker.matches.map((c, i) => html`<li role="option" aria-selected=${i === picker.index ? 'true' : 'false'} class=${i === picker.index ? 'active' : ''} @mousedown=${(e: Event) => { e.preventDefault(); this.insert(c.text, { replacingSearch: true }); }}><strong>${c.title}</strong><span>${c.text}</span></li>`)}</ul>`;
  }

  /**
   * Puts `text` at the reply box's cursor (its end if the agent never clicked into it), keeping what they typed;
   * a canned reply found by typing "/…" takes the place of that search.
   */
  private insert(text: string, { replacingSearch = false } = {}): void {
    const box = this.replyBox();
    this.picker = undefined;
    if (!box) return;
    if (replacingSearch) box.value = text;
    else box.setRangeText(text, box.selectionStart, box.selectionEnd, 'end');
    box.focus();
  }

  private replyBox(): HTMLTextAreaElement | null {
    return this.renderRoot.querySelector<HTMLTextAreaElement>('textarea[name="text"]');
  }

  private async attach(event: Event): Promise<void> {
    const input = event.target as HTMLInputElement;
    const conversationId = this.live.open?.conversation.id;
    const files = [...(input.files ?? [])];
    input.value = '';
    if (!conversationId || !this.token) return;
    for (const file of files) {
      const result = await sendFile(this.token, conversationId, file);
      this.error = 'error' in result ? `${file.name}: ${errorText(result.error)}` : '';
    }
  }

  private renderFile(file: FileRef): TemplateResult {
    const url = fileUrl(location.origin, file);
    return isImageFile(file) ? html`<a class="file" href=${url} target="_blank" rel="noopener noreferrer" data-note=${file.name + UNAVAILABLE_FILE_NOTE[zh ? 'zh' : 'en']}><img src=${url} alt=${file.name} loading="lazy" @error=${markUnavailable}></a>` : html`<a class="file" href=${url} download=${file.name}>📄 ${file.name} (${fileSizeLabel(file)})</a>`;
  }

  private renderMessage(m: ChatMessage): TemplateResult {
    const who = m.type === 'agent-text' || m.type === 'agent-file' || m.type === 'note' ? m.agentName : m.type.startsWith('bot') ? L.bot : m.type.startsWith('visitor') ? L.visitorSays : m.type === 'proactive' ? (zh ? '主动消息' : 'proactive') : '';
    return html`<div class="m ${m.type}"><small>${who ? `${who} · ` : ''}${new Date(m.createdAt).toLocaleTimeString()}</small>${'text' in m ? m.text : ''}${'file' in m ? this.renderFile(m.file) : ''}${m.type === 'bot-suggest' ? ` ${m.suggestions.map((s) => s.question).join(' / ')}` : ''}</div>`;
  }

  // While another conversation is on its way, the one before is not shown: a reply typed then would go to the wrong visitor.
  private shownConversation(): ConversationDetail | undefined {
    const { live } = this;
    return live.opening !== undefined && live.opening !== live.open?.conversation.id ? undefined : live.open;
  }

  override render(): TemplateResult {
    if (!this.token) {
      return html`<form class="login" @submit=${(e: Event) => this.onLogin(e)}><h1>${L.title}</h1>
        <input name="email" type="email" required placeholder=${L.email} aria-label=${L.email} autocomplete="username">
        <input name="password" type="password" required placeholder=${L.password} aria-label=${L.password} autocomplete="current-password">
        <button type="submit">${L.login}</button>${this.error ? html`<div class="error" role="alert">${this.error}</div>` : nothing}</form>`;
    }
    const { live } = this;
    const open = this.shownConversation();
    const switching = live.opening !== undefined && !open;
    const item = (c: { id: string; state: string; lastMessage?: string; queuedAt?: string; group?: string; visitor: { channel: string; name?: string } }) =>
      html`<button class="item ${open?.conversation.id === c.id ? 'active' : ''}" data-id=${c.id} @click=${() => this.show(c.id)}>${c.visitor.channel} · ${c.visitor.name ?? c.id.slice(0, 8)}${c.group ? html` <span class="group">${c.group}</span>` : nothing}${live.unreadBy.get(c.id) ? html` <span class="unread" aria-label=${L.unread}>${live.unreadBy.get(c.id)}</span>` : nothing}<small>${c.lastMessage ?? ''}${c.state === 'queued' && c.queuedAt ? ` · ${L.waiting} ${waitingMinutes(c.queuedAt)} min` : ''}</small></button>`;
    const mine = open?.conversation.state === 'agent' && open.conversation.assignedAgentId === this.agent?.id;
    // The server lets an admin close, transfer or hand back another agent's conversation (not answer in it).
    const manages = mine || (open?.conversation.state === 'agent' && this.agent?.role === 'admin');
    const status = live.agents.find((a) => a.agentId === this.agent?.id)?.status ?? 'online';
    return html`<div class="app" data-connection=${live.connection} data-pane=${this.pane}>
      <div class="top"><h1>${L.title} · ${this.agent?.name ?? ''}</h1>
        ${live.connection === 'connected' ? nothing : html`<span class="connection" role="status">${L.connection[live.connection]}</span>`}
        <select aria-label=${L.presence} @change=${(e: Event) => live.setPresence((e.target as HTMLSelectElement).value as 'online' | 'away' | 'offline')}>${(['online', 'away', 'offline'] as const).map((s) => html`<option value=${s} .selected=${s === status}>${L.statuses[s]}</option>`)}</select>
        <button class="secondary alerts" aria-pressed=${this.alerts.enabled ? 'true' : 'false'} @click=${() => this.toggleAlerts()}>${this.alerts.enabled ? L.alerts.on : L.alerts.off}</button>
        <button class="secondary" @click=${() => this.logout()}>${L.logout}</button></div>
      <aside><h2>${L.queue} (${live.queue.length})</h2><div class="queue">${live.queue.map(item)}</div>
        <h2>${L.mine} (${live.conversations.size})</h2><div class="mine">${[...live.conversations.values()].map(item)}</div></aside>
      <main>${open ? html`
        <div class="actions"><button class="secondary narrow to-list" @click=${() => (this.pane = 'list')}>← ${L.list}</button>
          <button class="secondary narrow to-context" @click=${() => (this.pane = 'context')}>${L.visitor}</button>
          <strong class="state" data-state=${open.conversation.state}>${L.states[open.conversation.state]}</strong>
          ${open.conversation.state === 'queued' || open.conversation.state === 'bot' ? html`<button class="take" @click=${() => this.act('conversation:take', open.conversation.id)}>${L.take}</button>` : nothing}
          ${manages ? html`<button class="secondary back" @click=${() => this.act('conversation:return-to-bot', open.conversation.id)}>${L.back}</button>
            <button class="secondary close" @click=${() => this.act('conversation:close', open.conversation.id)}>${L.close}</button>
            ${confirmMenu({ name: 'transfer', prompt: L.transfer, confirm: L.transferConfirm, choices: this.transferChoices(), onConfirm: (to) => this.transfer(to, open.conversation.id) })}` : nothing}
          ${this.error ? html`<span class="error" role="alert">${this.error}</span>` : nothing}</div>
        <div class="transcript" role="log" @scroll=${() => this.transcriptScroll.onScroll()}>${open.messages.map((m) => this.renderMessage(m))}${live.visitorTyping.has(open.conversation.id) ? html`<div class="system typing">${zh ? '访客正在输入…' : 'visitor is typing…'}</div>` : nothing}</div>
        ${this.transcriptScroll.newBelow ? html`<button class="secondary new-below" @click=${() => this.transcriptScroll.toEnd()}>↓ ${L.newBelow}</button>` : nothing}
        <form class="reply" @submit=${(e: Event) => this.reply(e)}>
          ${this.renderPicker()}<textarea name="text" rows="3" aria-label="reply" placeholder=${L.replyHint} .value=${this.drafts.get(open.conversation.id) ?? ''} @input=${(e: Event) => this.onReplyInput(e.target as HTMLTextAreaElement, open.conversation.id)} @blur=${() => { live.typing(open.conversation.id, false); this.picker = undefined; }} @keydown=${(e: KeyboardEvent) => this.onReplyKey(e)}></textarea>
          <div class="row"><label><input type="checkbox" name="note"> ${L.note}</label>
            ${confirmMenu({ name: 'canned', prompt: L.canned, confirm: L.insert, choices: this.canned.map((c) => ({ value: c.text, label: c.title })), onConfirm: (text) => this.insert(text) })}
            ${mine ? html`<label class="attach secondary">${L.attach}<input type="file" name="file" accept=${FILE_INPUT_ACCEPT} multiple @change=${(e: Event) => this.attach(e)}></label>` : nothing}
            <button type="submit" class="send">${L.send}</button></div></form>` : html`<p class="empty" role="status">${switching ? L.opening : L.pick}</p>`}</main>
      <div class="context">${open ? html`<button class="secondary narrow to-conversation" @click=${() => (this.pane = 'conversation')}>← ${L.conversation}</button><h3>${L.visitor}</h3><dl>
          <dt>${L.channel}</dt><dd>${open.conversation.visitor.channel}</dd>${this.renderVisitorPresence(open.conversation.visitor)}<dt>${L.page}</dt><dd>${open.conversation.visitor.page ?? '-'}</dd>
          <dt>${L.language}</dt><dd>${open.conversation.visitor.language ?? '-'}</dd><dt>${L.tags}</dt><dd>${(open.conversation.visitor.tags ?? []).join(', ') || '-'}</dd>
          <dt>${zh ? '主动消息' : 'proactive'}</dt><dd>${open.conversation.visitor.optedOut ? (zh ? '已退订' : 'opted out') : open.conversation.visitor.graylisted ? (zh ? '灰名单' : 'graylisted') : (zh ? '可接收' : 'allowed')}</dd>
          <dt>${L.reason}</dt><dd>${open.conversation.handoffReason ? L.reasons[open.conversation.handoffReason] : '-'}</dd><dt>${L.group}</dt><dd>${open.conversation.group ?? '-'}</dd><dt>${L.queuedAt}</dt><dd>${when(open.conversation.queuedAt)}</dd><dt>${L.firstResponse}</dt><dd>${when(open.conversation.firstResponseAt)}</dd></dl>
        ${this.renderEarlier(open.conversation.id)}
        <h3>${L.suggested}</h3>${open.suggestedAnswers.map((s) => html`<button class="suggestion" @click=${() => this.insert(s.answer)}><strong>${s.question}</strong> (${s.confidence})<br>${s.answer}</button>`)}` : nothing}</div>
    </div>`;
  }
}

if (!customElements.get('agent-console')) customElements.define('agent-console', AgentConsole);
