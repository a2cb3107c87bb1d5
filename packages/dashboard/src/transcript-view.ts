import { fileUrl, isImageFile, markUnavailable, UNAVAILABLE_FILE_NOTE, type ChatMessage, type ConversationDetail } from '@chatbot/protocol';
import { css, html, LitElement, nothing, type TemplateResult } from 'lit';
import { dashboardStyles } from './dashboard-styles.ts';
import { L, locale } from './labels.ts';

const who = (m: ChatMessage): string => {
  if ('agentName' in m) return m.type === 'note' ? `${m.agentName} · ${L.note}` : m.agentName;
  if (m.type.startsWith('visitor')) return L.visitor;
  if (m.type.startsWith('bot')) return L.bot;
  return m.type === 'proactive' ? L.campaigns : '';
};

/** `<conversation-transcript>`: one conversation as it happened, bot turns, agents' notes and sent files included. */
export class TranscriptView extends LitElement {
  static override styles = [dashboardStyles, css`
    .log { display: flex; flex-direction: column; gap: 6px; max-height: 60vh; overflow-y: auto; padding: 8px; background: #f9fafb; border-radius: 8px; }
    .m { max-width: 75%; padding: 6px 10px; border-radius: 10px; white-space: pre-wrap; word-break: break-word; background: #fff; border: 1px solid #e5e7eb; align-self: flex-start; }
    .m small { display: block; font-size: 11px; color: #6b7280; }
    .m.bot, .m.agent, .m.note { align-self: flex-end; }
    .m.bot { background: #e0e7ff; }
    .m.agent { background: #dbeafe; }
    .m.note { background: #fef3c7; border-style: dashed; }
    .m.system { align-self: center; background: transparent; border: 0; color: #6b7280; font-size: 12px; }
    .m img { display: block; max-width: 240px; max-height: 240px; border-radius: 6px; margin-top: 4px; }
    .file.unavailable img { display: none; }
    .file.unavailable::after { content: attr(data-note); }
  `];
  static override properties = { detail: { attribute: false } };
  declare detail: ConversationDetail | undefined;

  private side(m: ChatMessage): string {
    if (m.type === 'note') return 'note';
    if (m.type === 'system') return 'system';
    if (m.type.startsWith('agent')) return 'agent';
    return m.type.startsWith('visitor') ? 'visitor' : 'bot';
  }

  private body(m: ChatMessage): TemplateResult | string {
    if ('file' in m) {
      const url = fileUrl(location.origin, m.file);
      return isImageFile(m.file) ? html`<a class="file" href=${url} target="_blank" rel="noopener noreferrer" data-note=${m.file.name + UNAVAILABLE_FILE_NOTE[locale === 'zh-CN' ? 'zh' : 'en']}><img src=${url} alt=${m.file.name} loading="lazy" @error=${markUnavailable}></a>` : html`<a href=${url} download=${m.file.name}>📄 ${m.file.name}</a>`;
    }
    return m.type === 'bot-suggest' ? `${m.text} ${m.suggestions.map((s) => s.question).join(' / ')}` : m.text;
  }

  override render(): TemplateResult | typeof nothing {
    const d = this.detail;
    if (!d) return nothing;
    const c = d.conversation;
    const time = (iso: string) => new Date(iso).toLocaleString(locale);
    return html`<div class="card"><div class="row wrap"><strong>${time(c.createdAt)}</strong><span>${c.visitor.channel}</span><span>${L.stateNames[c.state]}</span>
        ${c.handoffReason ? html`<span>${L.reasons}: ${L.reasonNames[c.handoffReason]}</span>` : nothing}
        ${c.csat ? html`<span>${L.csat}: ${'★'.repeat(c.csat)}${c.csatComment ? ` “${c.csatComment}”` : ''}</span>` : nothing}</div>
      <div class="log" role="log">${d.messages.map((m) => html`<div class="m ${this.side(m)}" data-type=${m.type}><small>${who(m)} · ${time(m.createdAt)}</small>${this.body(m)}</div>`)}</div></div>`;
  }
}

if (!customElements.get('conversation-transcript')) customElements.define('conversation-transcript', TranscriptView);
