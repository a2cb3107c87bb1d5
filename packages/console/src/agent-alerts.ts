/** Why the console alerts its agent. */
export type AgentAlertKind = 'queued' | 'assigned' | 'message';

export interface AgentAlert {
  kind: AgentAlertKind;
  conversationId: string;
  title: string;
  body: string;
}

const STORAGE_KEY = 'console.alerts';

/**
 * Tells an agent that a visitor waits: a two-note chime (Web Audio, no sound file) and, while the console's
 * tab is hidden or unfocused, a desktop notification that brings the conversation up when clicked. Each alert
 * is also a bubbling `agent-alert` DOM event on `target`, for pages embedding the console. The agent turns
 * them off and on; the choice is kept in this browser.
 */
export function createAgentAlerts({ target, onOpen }: { target: HTMLElement; onOpen: (conversationId: string) => void }) {
  let audio: AudioContext | undefined;

  function chime(): void {
    try {
      audio ??= new AudioContext();
      [660, 880].forEach((frequency, i) => {
        const tone = audio!.createOscillator();
        const gain = audio!.createGain();
        const start = audio!.currentTime + i * 0.15;
        gain.gain.value = 0.08;
        tone.frequency.value = frequency;
        tone.connect(gain).connect(audio!.destination);
        tone.start(start);
        tone.stop(start + 0.12);
      });
    } catch (error) {
      console.debug('agent-console: sound unavailable', error); // browsers refuse audio before the page's first click
    }
  }

  const lookingElsewhere = () => document.hidden || !document.hasFocus();

  return {
    get enabled(): boolean {
      return localStorage.getItem(STORAGE_KEY) !== 'off';
    },
    set enabled(on: boolean) {
      localStorage.setItem(STORAGE_KEY, on ? 'on' : 'off');
    },
    /** Call from a click (logging in, turning alerts on): browsers allow sound and the notification prompt only then. */
    prepare(): void {
      if (!this.enabled) return;
      try {
        audio ??= new AudioContext();
        void audio.resume();
      } catch {
        // no Web Audio here: alerts stay silent
      }
      if ('Notification' in window && Notification.permission === 'default') void Notification.requestPermission();
    },
    alert(alert: AgentAlert): void {
      if (!this.enabled) return;
      target.dispatchEvent(new CustomEvent('agent-alert', { detail: alert, bubbles: true, composed: true }));
      chime();
      if (!lookingElsewhere() || !('Notification' in window) || Notification.permission !== 'granted') return;
      const notification = new Notification(alert.title, { body: alert.body, tag: `${alert.kind}:${alert.conversationId}`, icon: '/favicon.svg' });
      notification.onclick = () => {
        window.focus();
        onOpen(alert.conversationId);
        notification.close();
      };
    },
  };
}
