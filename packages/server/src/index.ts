export { startServer, type RunningServer, type ServerOptions } from './start-server.ts';
export { readConfig, type Config } from './config.ts';
export { runFromEnvironment } from './run-from-environment.ts';
