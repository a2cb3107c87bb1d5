import { FILE_INPUT_ACCEPT, fileSizeLabel, lineInLanguage, MAX_CONTACT_CHARS, MAX_MESSAGE_CHARS, fileUrl, isImageFile, markUnavailable, UNAVAILABLE_FILE_NOTE, type FileRef, type VisitorVisibleMessage } from '@chatbot/protocol';
import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { createAttention } from './attention.ts';
import { ConversationMarks } from './conversation-marks.ts';
import { FileUploads, type UploadItem } from './file-uploads.ts';
import { stringsFor, type Strings } from './i18n.ts';
import { chatIcon, documentIcon, paperclipIcon, thumbDownIcon, thumbUpIcon } from './icons.ts';
import { linkify } from './linkify.ts';
import { VisitorConnection, type OutboxItem } from './visitor-connection.ts';
import type { VisitorIdentity } from './visitor-identity.ts';
import { widgetStyles } from './widget-styles.ts';

/**
 * `<chat-widget server="https://host">`: the visitor's chat with the bot and, on hand-off, a person.
 * Attributes: server, lang, title, greeting, avatar, position (right|left), open, notify-title, notify-sound. CSS: --chat-color, --chat-radius, --chat-font; ::part(launcher|panel|header|log|input).
 * JS API: open(), close(), send(text), sendFile(file), identify({ id, name, hmac }), logout(). Events: message, open, handoff, identity-error.
 */
export class ChatWidget extends LitElement {
  static override styles = widgetStyles;
  static override properties = {
    server: { type: String },
    lang: { type: String },
    heading: { type: String, attribute: 'title' },
    greeting: { type: String },
    /** The agents' group (技能组) this page's visitors are handed to, e.g. "sales"; read when the widget connects. */
    group: { type: String },
    avatar: { type: String },
    position: { type: String, reflect: true },
    opened: { type: Boolean, attribute: 'open', reflect: true },
    notifyTitle: { type: Boolean, attribute: 'notify-title' },
    notifySound: { type: Boolean, attribute: 'notify-sound' },
    unread: { state: true },
    leaveRefusal: { state: true },
    composeRefusal: { state: true },
  };
  declare server: string;
  declare lang: string;
  declare heading: string;
  declare greeting: string;
  declare group: string;
  declare avatar: string;
  declare position: string;
  declare opened: boolean;
  declare notifyTitle: boolean;
  declare notifySound: boolean;
  private readonly attention = createAttention();
  declare unread: number;
  /** Why the left message was not taken (shown with the form, which keeps what was typed). */
  declare leaveRefusal: string | undefined;
  /** Why the text in the message box was not sent. */
  declare composeRefusal: string | undefined;
  /** Why a vote was not taken, by message id. */
  private readonly voteRefusals = new Map<string, string>();
  private readonly marks = new ConversationMarks(() => this.requestUpdate());
  private readonly connection: VisitorConnection;
  private readonly files: FileUploads;
  /** Whether the log shows its newest message (as it does until the visitor scrolls up). */
  private atBottom = true;

  constructor() {
    super();
    this.server = '';
    this.lang = document.documentElement.lang || navigator.language || 'en';
    this.heading = '';
    this.greeting = '';
    this.group = '';
    this.avatar = '';
    this.position = 'right';
    this.opened = false;
    this.notifyTitle = false;
    this.notifySound = false;
    this.unread = 0;
    this.leaveRefusal = undefined;
    this.composeRefusal = undefined;
    this.connection = new VisitorConnection(this);
    this.files = new FileUploads(this, this.connection);
    document.addEventListener('visibilitychange', () => {
      if (!document.hidden && this.opened) this.attention.clear();
    });
  }

  /** A reply that arrived while the visitor looks elsewhere counts as unread (history loaded on connecting does not). */
  received(message: VisitorVisibleMessage): void {
    if (message.type === 'visitor-text' || message.type === 'visitor-file') return; // their own, from another tab
    if (!this.opened) this.unread++;
    if (!this.opened || document.hidden) this.attention.notify({ title: this.notifyTitle, sound: this.notifySound });
    else this.connection.markRead();
  }

  private get t(): Strings {
    return stringsFor(this.lang);
  }

  open(): void {
    this.opened = true;
    this.unread = 0;
    this.attention.clear();
    this.connection.markRead();
    this.dispatchEvent(new CustomEvent('open', { bubbles: true, composed: true }));
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLInputElement>('input[name="text"]')?.focus());
  }

  close(): void {
    this.opened = false;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLButtonElement>('.launcher')?.focus());
  }

  send(text: string): void {
    if (text.trim()) this.connection.send(text.trim());
  }

  /** Sends a picture or PDF (as the attach button and pasting a picture do). */
  sendFile(file: File): void {
    this.files.send(file);
  }

  /** Identity verification: hmac = HMAC-SHA256(server secret, id), computed by your backend. */
  identify(identity: VisitorIdentity): void {
    this.connection.identify(identity);
  }

  /** The page's user signed out: the widget forgets them (identity, conversation, unsent messages) and goes on as a new anonymous visitor. */
  logout(): void {
    this.connection.logout();
  }

  protected override firstUpdated(): void {
    const log = this.renderRoot.querySelector<HTMLElement>('.log')!;
    // The log's height as the visitor last saw it. A scroll in the same frame as a resize reaches this handler
    // after the log changed: to the bottom as the keyboard opens (the log shrank), or the browser's own clamp as
    // it closes (it grew). The visitor is at the bottom if they are at the bottom of either height.
    let shownHeight = log.clientHeight;
    log.addEventListener('scroll', () => {
      this.atBottom = log.scrollHeight - log.scrollTop - Math.max(shownHeight, log.clientHeight) < 24;
    });
    // The log shrinks (a phone's keyboard, the panel opened) and pictures load after their message: the newest stays in view.
    new ResizeObserver(() => {
      shownHeight = log.clientHeight;
      this.keepNewestInView();
    }).observe(log);
    // A picture that grew the log only just now: its growth is all that stands between the visitor and the bottom.
    log.addEventListener('load', (event) => {
      const grown = (event.target as HTMLElement).getBoundingClientRect().height;
      if (log.scrollHeight - log.scrollTop - log.clientHeight - grown < 24) this.atBottom = true;
      this.keepNewestInView();
    }, true);
  }

  protected override updated(): void {
    this.keepNewestInView();
  }

  /** Only for a visitor at the bottom: one who scrolled up to read is not pulled down. */
  private keepNewestInView(): void {
    const log = this.renderRoot.querySelector('.log');
    if (log && this.atBottom) log.scrollTop = log.scrollHeight;
  }

  private onSubmit(event: Event): void {
    event.preventDefault();
    const input = (event.target as HTMLFormElement).elements.namedItem('text') as HTMLInputElement;
    // Too long (a paste, say): not sent, and kept to be shortened; no maxlength, which would cut it silently.
    this.composeRefusal = input.value.trim().length > MAX_MESSAGE_CHARS ? this.t.tooLong(MAX_MESSAGE_CHARS) : undefined;
    if (this.composeRefusal) return;
    this.atBottom = true; // their own message is shown
    this.send(input.value);
    input.value = '';
    this.connection.typing(false);
  }

  private renderText(text: string): (string | TemplateResult)[] {
    return linkify(text).map((part) => (part.kind === 'link' ? html`<a href=${part.href} target="_blank" rel="noopener noreferrer">${part.text}</a>` : part.text));
  }

  private renderFile(file: FileRef): TemplateResult {
    const url = fileUrl(this.connection.base, file);
    const note = `${file.name}${UNAVAILABLE_FILE_NOTE[this.lang.startsWith('zh') ? 'zh' : 'en']}`;
    if (isImageFile(file)) return html`<a class="file" href=${url} target="_blank" rel="noopener noreferrer" data-note=${note}><img src=${url} alt=${file.name} loading="lazy" @error=${markUnavailable}></a>`;
    return html`<a class="file doc" href=${url} target="_blank" rel="noopener noreferrer" download=${file.name}>${documentIcon} ${file.name} · ${fileSizeLabel(file)}</a>`;
  }

  private renderUnsent(m: OutboxItem): TemplateResult {
    const { t, connection } = this;
    if (m.state === 'sending') return html`<div class="msg visitor pending">${m.text} · ${t.sending}</div>`;
    if (m.state === 'failed') return html`<button class="msg visitor failed" @click=${() => connection.retry(m.clientId)}>${m.text} · ${m.error?.code === 'RATE_LIMITED' ? t.rateLimited : t.failed}</button>`;
    const tooLong = m.text.length > MAX_MESSAGE_CHARS;
    const reason = tooLong ? t.tooLong(MAX_MESSAGE_CHARS) : `${t.notSent}: ${m.error?.message ?? ''}`;
    return html`<button class="msg visitor failed" title=${t.dismiss} @click=${() => connection.dismiss(m.clientId)}>${tooLong ? `${m.text.slice(0, 200)}…` : m.text} · ${reason} ✕</button>`;
  }

  private renderUpload(u: UploadItem): TemplateResult {
    const t = this.t;
    if (u.state === 'sending') return html`<div class="msg visitor pending">${paperclipIcon} ${u.file.name} · ${t.sending}</div>`;
    const reason = t.fileRefused(u.error ?? '', this.connection.maxFileBytes);
    if (u.state === 'failed') return html`<button class="msg visitor failed" @click=${() => this.files.retry(u.clientId)}>${paperclipIcon} ${u.file.name} · ${reason}</button>`;
    return html`<button class="msg visitor failed" title=${t.dismiss} @click=${() => this.files.dismiss(u.clientId)}>${paperclipIcon} ${u.file.name} · ${reason} ✕</button>`;
  }

  private onPaste(event: ClipboardEvent): void {
    const pictures = [...(event.clipboardData?.files ?? [])].filter((f) => f.type.startsWith('image/'));
    if (pictures.length === 0) return;
    event.preventDefault();
    for (const picture of pictures) this.files.send(picture);
  }

  private onPick(event: Event): void {
    const input = event.target as HTMLInputElement;
    for (const file of input.files ?? []) this.files.send(file);
    input.value = ''; // the same file can be picked again
  }

  /** `last`: the newest message. A task flow's chips answer its current question only, so older ones show none. */
  private renderMessage(m: VisitorVisibleMessage, last: boolean): TemplateResult {
    const t = this.t;
    switch (m.type) {
      case 'visitor-text':
        return html`<div class="msg visitor">${this.renderText(m.text)}</div>`;
      case 'visitor-file':
        return html`<div class="msg visitor">${this.renderFile(m.file)}</div>`;
      case 'bot-answer':
        // No whitespace between the parts: .msg keeps it (pre-wrap, for the visitor's line breaks).
        return html`<div class="msg bot">${this.renderText(m.text)}<div class="feedback">${this.marks.hasVoted(m.id) ? t.thanks : html`<button @click=${() => this.vote(m, true)}>${thumbUpIcon} ${t.helpful}</button><button @click=${() => this.vote(m, false)}>${thumbDownIcon} ${t.notHelpful}</button>${this.refusal(this.voteRefusals.get(m.id))}`}</div></div>`;
      case 'bot-small-talk':
        return html`<div class="msg bot">${this.renderText(m.text)}</div>`;
      case 'bot-flow':
        return html`<div class="msg bot">${this.renderText(m.text)}${m.choices && last ? html`<div class="chips">${m.choices.map((c) => html`<button @click=${() => this.send(c)}>${c}</button>`)}</div>` : ''}</div>`;
      case 'bot-suggest':
        return html`<div class="msg bot">${m.text}<div class="chips">${m.suggestions.map((s) => html`<button @click=${() => this.connection.pick(s.entryId, s.question)}>${s.question}</button>`)}</div></div>`;
      case 'bot-fallback':
        return html`<div class="msg bot">${lineInLanguage(m.text, this.lang)}<div class="chips"><button @click=${() => this.connection.requestHuman()}>${t.human}</button></div></div>`;
      case 'agent-text':
        return html`<div class="msg agent"><span class="who">${m.agentName}</span>${this.renderText(m.text)}</div>`;
      case 'agent-file':
        return html`<div class="msg agent"><span class="who">${m.agentName}</span>${this.renderFile(m.file)}</div>`;
      case 'proactive':
        return html`<div class="msg bot proactive" part="proactive">${this.renderText(m.text)}</div>`;
      case 'system':
        return html`<div class="system">${lineInLanguage(m.text, this.lang)}</div>`;
    }
  }

  private async vote(m: VisitorVisibleMessage, helpful: boolean): Promise<void> {
    const refused = await this.connection.feedback(m, helpful);
    if (refused) this.voteRefusals.set(m.id, this.t.notDone(refused));
    else this.marks.markVoted(m.conversationId, m.id);
    this.requestUpdate();
  }

  private refusal(reason: string | undefined): TemplateResult | typeof nothing {
    return reason ? html`<div class="refusal" role="alert">${reason}</div>` : nothing;
  }

  private renderRating(): TemplateResult {
    const { t, connection } = this;
    if (connection.rating === 'rated') return html`<div class="system">${t.rated}</div>`;
    return html`<div class="msg bot">${t.rate}<div class="stars">${([1, 2, 3, 4, 5] as const).map((n) => html`<button aria-label=${t.star(n)} @click=${() => connection.rate(n)}>${'★'.repeat(n)}</button>`)}</div>${this.refusal(connection.rating === 'failed' ? t.ratingFailed : undefined)}</div>`;
  }

  private renderStatus(): TemplateResult | typeof nothing {
    const { handoff } = this.connection;
    // Still true after the visitor left a message (the log says it was sent): no wait to show.
    if (handoff.state === 'queued' && handoff.offHours) return html`<div class="status" role="status">${this.t.offHours}</div>`;
    if (handoff.state === 'queued' && handoff.position) return html`<div class="status" role="status">${this.t.queued(handoff.position, handoff.etaSeconds ?? 0)}</div>`;
    if (handoff.state === 'agent' && handoff.agentName) return html`<div class="status" role="status">${this.t.agentJoined(handoff.agentName)}</div>`;
    return nothing;
  }

  private renderLeaveMessage(): TemplateResult | typeof nothing {
    const { t } = this;
    const { handoff, conversationId } = this.connection;
    if (handoff.state !== 'queued' || !handoff.offHours || !conversationId) return nothing;
    if (this.marks.leftMessage(conversationId)) return html`<div class="system" role="status">${t.left}</div>`;
    const submit = async (event: Event) => {
      event.preventDefault();
      const form = event.target as HTMLFormElement;
      const value = (name: string) => (form.elements.namedItem(name) as HTMLInputElement).value.trim();
      const input = { contact: value('contact'), text: value('message') };
      // Checked here so the reason is said in words; the form keeps what was typed.
      if (input.contact.length > MAX_CONTACT_CHARS) this.leaveRefusal = t.contactTooLong(MAX_CONTACT_CHARS);
      else if (input.text.length > MAX_MESSAGE_CHARS) this.leaveRefusal = t.tooLong(MAX_MESSAGE_CHARS);
      else {
        const refused = await this.connection.leaveMessage(input);
        this.leaveRefusal = refused && t.notDone(refused);
        if (!refused) this.marks.markLeftMessage(conversationId);
      }
      this.requestUpdate();
    };
    return html`<form class="leave" @submit=${submit}><input name="contact" required aria-label=${t.leaveContact} placeholder=${t.leaveContact}><textarea name="message" required rows="3" aria-label=${t.leaveText} placeholder=${t.leaveText}></textarea>${this.refusal(this.leaveRefusal)}<button type="submit">${t.leaveSend}</button></form>`;
  }

  override render(): TemplateResult {
    const t = this.t;
    // The button's label is what is read out, so it carries the count; the badge shows it.
    const label = this.unread > 0 ? `${t.open} (${t.unread(this.unread)})` : t.open;
    const c = this.connection;
    // A closed panel is hidden, not removed: what the visitor was typing (a message, a left message) stays.
    return html`<button class="launcher" part="launcher" ?hidden=${this.opened} aria-label=${label} @click=${() => this.open()}>${chatIcon}${this.unread > 0 ? html`<span class="badge" aria-hidden="true">${this.unread}</span>` : nothing}</button>
    <section class="panel" part="panel" role="dialog" ?hidden=${!this.opened} aria-label=${this.heading || t.title} @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && !e.isComposing && this.close()}>
      <header part="header">${this.avatar ? html`<img src=${this.avatar} alt="">` : nothing}<h2>${this.heading || t.title}</h2>
        ${c.handoff.state === 'bot' || c.handoff.state === 'closed' ? html`<button class="human" @click=${() => c.requestHuman()}>${t.human}</button>` : nothing}
        <button class="close" aria-label=${t.close} @click=${() => this.close()}>✕</button></header>
      ${this.renderStatus()}
      <div class="log" part="log" role="log" aria-live="polite">
        <div class="msg bot">${this.greeting || t.greeting}</div>
        ${c.messages.map((m, i) => this.renderMessage(m, i === c.messages.length - 1))}
        ${c.outbox.map((m) => this.renderUnsent(m))}
        ${this.files.items.map((u) => this.renderUpload(u))}
        ${c.agentTyping ? html`<div class="typing">${t.typing}</div>` : nothing}
        ${this.renderLeaveMessage()}
        ${c.rating ? this.renderRating() : nothing}
      </div>
      <form class="compose" @submit=${(e: Event) => this.onSubmit(e)}>
        <label class="attach" title=${t.attach}>${paperclipIcon}<input type="file" name="file" accept=${FILE_INPUT_ACCEPT} multiple aria-label=${t.attach} ?disabled=${!c.connected} @change=${(e: Event) => this.onPick(e)}></label>
        <input name="text" part="input" autocomplete="off" aria-label=${t.placeholder} placeholder=${c.connected ? t.placeholder : t.connecting} @input=${(e: Event) => c.typing((e.target as HTMLInputElement).value !== '')} @paste=${(e: ClipboardEvent) => this.onPaste(e)}>
        <button type="submit">${t.send}</button>
      </form>
      ${this.refusal(this.composeRefusal)}
    </section>`;
  }
}

if (!customElements.get('chat-widget')) customElements.define('chat-widget', ChatWidget);

declare global {
  interface HTMLElementTagNameMap {
    'chat-widget': ChatWidget;
  }
}
