import './chat-widget.ts';

// `<script src="https://host/widget.js" data-server="https://host" data-lang="zh-CN" data-title="…">` mounts one widget.
const script = document.currentScript as HTMLScriptElement | null;
if (script && !document.querySelector('chat-widget')) {
  const widget = document.createElement('chat-widget');
  const server = script.dataset['server'] || new URL(script.src, location.href).origin;
  widget.setAttribute('server', server);
  for (const name of ['lang', 'title', 'greeting', 'avatar', 'position', 'group'] as const) {
    const value = script.dataset[name];
    if (value) widget.setAttribute(name, value);
  }
  if (script.dataset['notifyTitle'] !== undefined) widget.setAttribute('notify-title', '');
  if (script.dataset['notifySound'] !== undefined) widget.setAttribute('notify-sound', '');
  const mount = () => document.body.appendChild(widget);
  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount);
}
