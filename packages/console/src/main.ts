import './agent-console.ts';
