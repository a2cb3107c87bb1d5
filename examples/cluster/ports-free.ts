import { createServer } from 'node:net';

/** The first of these ports something else already listens on (127.0.0.1), or undefined when all are free. */
export async function firstPortInUse(ports: number[]): Promise<number | undefined> {
  for (const port of ports) {
    const free = await new Promise<boolean>((resolve) => {
      const probe = createServer();
      probe.once('error', () => resolve(false));
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
    });
    if (!free) return port;
  }
  return undefined;
}
