import { fileURLToPath } from 'node:url';

/** The repository root (this file lives in packages/server/src). */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const DEFAULT_KNOWLEDGE = `${REPO_ROOT}examples/demo/kb.jsonl`;
export const DEFAULT_FLOWS = `${REPO_ROOT}examples/demo/flows.yaml`;
/** The demo knowledge base's synonym table: the default while KNOWLEDGE is the demo one. */
export const DEMO_SYNONYMS = `${REPO_ROOT}examples/demo/synonyms.txt`;
export const WIDGET_ENTRY = `${REPO_ROOT}packages/widget/src/embed.ts`;
export const CONSOLE_ENTRY = `${REPO_ROOT}packages/console/src/main.ts`;
export const DASHBOARD_ENTRY = `${REPO_ROOT}packages/dashboard/src/main.ts`;
