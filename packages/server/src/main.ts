// The server alone, without channels. `pnpm start` runs examples/demo/start.ts, which adds them.
import { runFromEnvironment } from './run-from-environment.ts';

await runFromEnvironment();
