import { html, LitElement } from 'lit';
import { ChatWidget } from '@chatbot/widget';

/** A small Lit storefront that embeds <chat-widget> and drives it through its JS API. */
export class ShopApp extends LitElement {
  static override properties = { handoff: { state: true } };
  declare handoff: string;

  constructor() {
    super();
    this.handoff = 'bot';
  }

  private get widget(): ChatWidget {
    return this.renderRoot.querySelector('chat-widget')!;
  }

  private askAbout(topic: string): void {
    this.widget.open();
    this.widget.send(topic);
  }

  override render() {
    return html`
      <h1>Acme Academy shop</h1>
      <p>Support status: <strong class="status">${this.handoff}</strong></p>
      <button class="ask-refund" @click=${() => this.askAbout('can I get a refund')}>Ask about refunds</button>
      <button class="ask-trial" @click=${() => this.askAbout('how do I book a trial lesson')}>Book a trial</button>
      <chat-widget server=${(window as { CHAT_SERVER?: string }).CHAT_SERVER ?? 'http://127.0.0.1:3000'} lang="en" title="Acme support"
        @handoff=${(e: CustomEvent<{ state: string }>) => (this.handoff = e.detail.state)}></chat-widget>`;
  }
}

customElements.define('shop-app', ShopApp);
