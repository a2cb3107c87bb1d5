export { ChatWidget } from './chat-widget.ts';
export { linkify, type TextPart } from './linkify.ts';
