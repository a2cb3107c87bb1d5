export * from './messages.ts';
export * from './files.ts';
export * from './results.ts';
export * from './visitor-events.ts';
export * from './agent-events.ts';
export * from './channel.ts';
export * from './operations.ts';
export * from './webhooks.ts';
