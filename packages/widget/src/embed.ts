import './chat-widget.ts';

// `<script src="https://host/widget.js" data-server="https://host" data-lang="zh-CN" data-title="…">` mounts one widget.
const script = document.currentScript as HTMLScriptElement | null;

/** Mounts the script tag's widget, unless the page has its own `<chat-widget>` (looked for once the page is parsed). */
function mountUnlessPresent(tag: HTMLScriptElement): void {
  if (document.querySelector('chat-widget')) return;
  const widget = document.createElement('chat-widget');
  const server = tag.dataset['server'] || new URL(tag.src, location.href).origin;
  widget.setAttribute('server', server);
  for (const name of ['lang', 'title', 'greeting', 'avatar', 'position', 'group'] as const) {
    const value = tag.dataset[name];
    if (value) widget.setAttribute(name, value);
  }
  if (tag.dataset['notifyTitle'] !== undefined) widget.setAttribute('notify-title', '');
  if (tag.dataset['notifySound'] !== undefined) widget.setAttribute('notify-sound', '');
  document.body.appendChild(widget);
}

// In <head>, the page's own <chat-widget> further down is not parsed yet: look once it is.
if (script) {
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => mountUnlessPresent(script));
  else mountUnlessPresent(script);
}
