import { css } from 'lit';

// The custom properties have their defaults where they are used, not on :host, so a page may set them anywhere
// above the widget (`:root { --chat-color: … }`) as well as on the element.
export const widgetStyles = css`
  :host { position: fixed; bottom: 20px; right: 20px; z-index: 2147483000; font-family: var(--chat-font, system-ui, -apple-system, "PingFang SC", "Microsoft YaHei", sans-serif); }
  :host([position='left']) { right: auto; left: 20px; }
  [hidden] { display: none !important; }
  .launcher { width: 58px; height: 58px; border-radius: 50%; border: 0; background: var(--chat-color, #2563eb); color: #fff; font-size: 26px; cursor: pointer; box-shadow: 0 6px 20px rgb(0 0 0 / 0.2); position: relative; display: inline-flex; align-items: center; justify-content: center; }
  .badge { position: absolute; top: -4px; right: -4px; background: #dc2626; color: #fff; border-radius: 10px; font-size: 12px; padding: 1px 6px; }
  .panel { width: 370px; height: min(600px, calc(100vh - 40px)); height: min(600px, calc(100dvh - 40px)); background: #fff; border-radius: var(--chat-radius, 14px); box-shadow: 0 12px 40px rgb(0 0 0 / 0.25); display: flex; flex-direction: column; overflow: hidden; }
  header { background: var(--chat-color, #2563eb); color: #fff; padding: 12px 14px; display: flex; align-items: center; gap: 8px; }
  header img { width: 28px; height: 28px; border-radius: 50%; }
  header h2 { font-size: 16px; margin: 0; flex: 1; }
  header button { background: rgb(255 255 255 / 0.18); color: #fff; border: 0; border-radius: 8px; padding: 5px 9px; cursor: pointer; font-size: 13px; }
  .status { background: #eff6ff; color: #1e3a8a; font-size: 13px; padding: 6px 12px; }
  .log { flex: 1; overflow-y: auto; padding: 12px; display: flex; flex-direction: column; gap: 8px; background: #f8fafc; }
  .msg { max-width: 82%; padding: 8px 11px; border-radius: 12px; line-height: 1.45; white-space: pre-wrap; word-break: break-word; font-size: 14px; }
  .visitor { align-self: flex-end; background: var(--chat-color, #2563eb); color: #fff; border-bottom-right-radius: 4px; }
  .visitor a { color: #fff; }
  .bot, .agent { align-self: flex-start; background: #fff; color: #111827; border: 1px solid #e5e7eb; border-bottom-left-radius: 4px; }
  .agent .who { font-size: 12px; color: #6b7280; display: block; }
  .system { align-self: center; font-size: 12px; color: #6b7280; }
  .chips { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 6px; }
  .chips button, .feedback button, .stars button { border: 1px solid var(--chat-color, #2563eb); color: var(--chat-color, #2563eb); background: #fff; border-radius: 14px; padding: 3px 10px; font-size: 13px; cursor: pointer; }
  .feedback { display: flex; gap: 6px; margin-top: 6px; font-size: 12px; color: #6b7280; }
  .feedback button { font-size: 12px; padding: 1px 8px; }
  .icon { vertical-align: -2px; flex: none; }
  form.compose .attach .icon { width: 18px; height: 18px; color: #555; }
  .pending { opacity: 0.7; }
  .failed { background: #fee2e2; color: #991b1b; cursor: pointer; }
  .refusal { font-size: 12px; color: #991b1b; }
  .panel > .refusal { padding: 4px 12px; }
  .typing { font-size: 12px; color: #6b7280; }
  form.compose { display: flex; border-top: 1px solid #e5e7eb; }
  form.compose .attach { display: flex; align-items: center; padding: 0 4px 0 10px; cursor: pointer; font-size: 18px; position: relative; }
  form.compose .attach input { position: absolute; width: 1px; height: 1px; opacity: 0; }
  form.compose .attach:focus-within { outline: 2px solid #f59e0b; }
  .file img { display: block; max-width: 220px; max-height: 220px; border-radius: 8px; background: #fff; }
  .file.unavailable img { display: none; }
  .file.unavailable::after { content: attr(data-note); }
  .file.doc { color: inherit; }
  form.compose input[name='text'] { flex: 1; border: 0; padding: 12px; font-size: 14px; }
  form.compose input[name='text']:focus-visible { outline-offset: -2px; }
  form.compose button { border: 0; background: var(--chat-color, #2563eb); color: #fff; padding: 0 16px; cursor: pointer; }
  form.leave { display: flex; flex-direction: column; gap: 6px; padding: 10px; background: #fff; border: 1px solid #e5e7eb; border-radius: 10px; }
  form.leave input, form.leave textarea { font: inherit; font-size: 13px; padding: 6px; border: 1px solid #d1d5db; border-radius: 6px; }
  button:focus-visible, input:focus-visible { outline: 2px solid #f59e0b; outline-offset: 2px; }
  /* dvh: the height left by a phone's keyboard and browser bars (vh first, for browsers without it); 16px text: iOS zooms into smaller inputs. */
  @media (max-width: 480px) { :host([open]) { inset: 0; } :host([open]) .panel { width: 100vw; height: 100vh; height: 100dvh; border-radius: 0; } form.compose input[name='text'], form.leave input, form.leave textarea { font-size: 16px; } }
  @media (prefers-reduced-motion: no-preference) { .panel { animation: rise 0.18s ease-out; } @keyframes rise { from { transform: translateY(12px); opacity: 0; } } }
`;
