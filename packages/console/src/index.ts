export { AgentConsole } from './agent-console.ts';
