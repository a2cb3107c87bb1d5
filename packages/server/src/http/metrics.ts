import { Counter, collectDefaultMetrics, Registry } from 'prom-client';

/** Prometheus metrics: process defaults plus messages by type. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const messages = new Counter({ name: 'chatbot_messages_total', help: 'Messages stored, by type', labelNames: ['type'], registers: [registry] });
  return { registry, messages };
}
