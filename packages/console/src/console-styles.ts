import { css } from 'lit';

export const consoleStyles = css`
  :host { display: block; height: 100vh; color: #111827; font-size: 14px; }
  .login { max-width: 320px; margin: 15vh auto; display: flex; flex-direction: column; gap: 10px; padding: 24px; border: 1px solid #e5e7eb; border-radius: 12px; }
  .login input { padding: 8px; border: 1px solid #d1d5db; border-radius: 6px; font: inherit; }
  .error { color: #b91c1c; }
  button { font: inherit; border: 1px solid #2563eb; background: #2563eb; color: #fff; border-radius: 6px; padding: 6px 12px; cursor: pointer; }
  button.secondary { background: #fff; color: #2563eb; }
  /* minmax(0, 1fr): the panes keep the window's height and scroll inside, so the reply box stays in view. */
  .app { display: grid; grid-template-columns: 260px minmax(0, 1fr) 240px; grid-template-rows: 48px minmax(0, 1fr); height: 100%; }
  .top { grid-column: 1 / 4; display: flex; align-items: center; gap: 12px; padding: 0 14px; background: #1e3a8a; color: #fff; }
  .top h1 { font-size: 16px; margin: 0; flex: 1; }
  .top select { font: inherit; }
  .top .connection { background: #fde68a; color: #78350f; border-radius: 4px; padding: 2px 8px; font-size: 13px; }
  aside { border-right: 1px solid #e5e7eb; overflow-y: auto; }
  aside h2 { font-size: 13px; text-transform: uppercase; color: #6b7280; margin: 12px 12px 4px; }
  .item { display: block; width: 100%; text-align: left; background: #fff; color: inherit; border: 0; border-bottom: 1px solid #f3f4f6; border-radius: 0; padding: 8px 12px; }
  .item.active { background: #eff6ff; }
  .item small { display: block; color: #6b7280; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  .item .unread { float: right; min-width: 18px; text-align: center; font-size: 11px; background: #dc2626; color: #fff; border-radius: 9px; padding: 0 5px; }
  .item .group { font-size: 11px; background: #eef2ff; color: #3730a3; border-radius: 8px; padding: 0 6px; }
  main { display: flex; flex-direction: column; min-width: 0; min-height: 0; }
  .actions { display: flex; gap: 6px; padding: 8px 12px; border-bottom: 1px solid #e5e7eb; flex-wrap: wrap; align-items: center; }
  .transcript { flex: 1; min-height: 0; overflow-y: auto; padding: 12px; display: flex; flex-direction: column; gap: 6px; background: #f9fafb; }
  .new-below { align-self: center; margin-top: -40px; position: relative; box-shadow: 0 2px 8px rgba(0, 0, 0, 0.15); }
  .m { max-width: 75%; padding: 6px 10px; border-radius: 10px; white-space: pre-wrap; word-break: break-word; }
  .m small { display: block; font-size: 11px; color: #6b7280; }
  .visitor-text { align-self: flex-start; background: #fff; border: 1px solid #e5e7eb; }
  .bot-answer, .bot-small-talk, .bot-flow, .bot-suggest, .bot-fallback { align-self: flex-end; background: #e0e7ff; }
  .agent-text { align-self: flex-end; background: #2563eb; color: #fff; }
  .agent-text small { color: #dbeafe; }
  .visitor-file { align-self: flex-start; background: #fff; border: 1px solid #e5e7eb; }
  .agent-file { align-self: flex-end; background: #dbeafe; }
  .file img { display: block; max-width: 240px; max-height: 240px; border-radius: 6px; margin-top: 4px; }
  .file { color: inherit; }
  .file.unavailable img { display: none; }
  .file.unavailable::after { content: attr(data-note); }
  label.attach { border: 1px solid #2563eb; color: #2563eb; border-radius: 6px; padding: 5px 10px; cursor: pointer; position: relative; }
  label.attach input { position: absolute; width: 1px; height: 1px; opacity: 0; }
  /* The file input itself is invisible: its label shows where the keyboard is. */
  label.attach:has(input:focus-visible) { outline: 2px solid #2563eb; outline-offset: 2px; }
  .note { align-self: flex-end; background: #fef3c7; border: 1px dashed #d97706; }
  .system { align-self: center; color: #6b7280; font-size: 12px; }
  form.reply { position: relative; display: flex; flex-direction: column; gap: 6px; padding: 8px 12px; border-top: 1px solid #e5e7eb; }
  .canned-picker { position: absolute; bottom: 100%; left: 12px; right: 12px; margin: 0 0 4px; padding: 4px 0; list-style: none; background: #fff; border: 1px solid #d1d5db; border-radius: 6px; box-shadow: 0 4px 12px rgba(0, 0, 0, 0.12); }
  .canned-picker li { padding: 6px 10px; cursor: pointer; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; font-size: 13px; }
  .canned-picker li.active { background: #e0e7ff; }
  .canned-picker li span { color: #6b7280; margin-left: 8px; }
  form.reply textarea { font: inherit; padding: 8px; border: 1px solid #d1d5db; border-radius: 6px; resize: vertical; }
  .row { display: flex; gap: 6px; align-items: center; flex-wrap: wrap; }
  .context { padding: 12px; border-left: 1px solid #e5e7eb; overflow-y: auto; }
  .context dt { color: #6b7280; font-size: 12px; margin-top: 8px; }
  .context dd { margin: 0; word-break: break-all; }
  .context dd.visitor-presence::before { content: ''; display: inline-block; width: 8px; height: 8px; border-radius: 50%; margin-right: 6px; background: #9ca3af; }
  .context dd.visitor-presence[data-online="true"]::before { background: #16a34a; }
  .suggestion { font-size: 12px; border: 1px solid #c7d2fe; border-radius: 6px; padding: 6px; margin-top: 6px; background: #fff; color: inherit; text-align: left; }
  .empty { color: #9ca3af; margin: auto; }
  .narrow { display: none; }
  /* A phone shows one pane at a time: the lists, the open conversation or the visitor's context. */
  @media (max-width: 720px) {
    .app { grid-template-columns: minmax(0, 1fr); }
    .top { grid-column: 1; gap: 6px; padding: 0 8px; }
    .top h1 { font-size: 14px; min-width: 0; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
    .narrow { display: inline-block; }
    .app > aside, .app > main, .app > .context { display: none; grid-row: 2; grid-column: 1; }
    .app[data-pane="list"] > aside, .app[data-pane="context"] > .context { display: block; }
    .app[data-pane="conversation"] > main { display: flex; }
    .context { border-left: 0; }
    .m { max-width: 90%; }
  }
`;
