import { spawn, type ChildProcess } from 'node:child_process';

const MAIN = new URL('../../packages/server/src/main.ts', import.meta.url).pathname;

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** Everything the node printed so far. */
  output(): string;
  /** Resolves with the exit code when the node stops. */
  exited: Promise<number | null>;
}

/** Starts a server entry point (the server's main by default) as a real child process (PORT=0 picks a free port) and waits until it listens. */
export function startServerProcess(env: Record<string, string | undefined>, entry = MAIN): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], { env: { ...process.env, PORT: '0', ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const port = /PORT=(\d+)/.exec(output)?.[1];
      if (port) resolve({ child, url: `http://127.0.0.1:${port}`, output: () => output, exited });
    });
    void exited.then((code) => reject(new Error(`the server exited with ${code} before listening`)));
  });
}
