import { createServer } from 'node:http';

/**
 * A slow booking system for the demo's trial-lesson flow: each booking is kept only after `delayMs`, so a
 * second "是" arrives while the first is still being booked. A test may change `delayMs` between bookings.
 */
export async function startSlowBookings(delayMs = 300): Promise<{ url: string; booked: unknown[]; delayMs: number; close: () => void }> {
  const booked: unknown[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => setTimeout(() => {
      booked.push(JSON.parse(body));
      response.writeHead(200).end('{}');
    }, bookings.delayMs));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const bookings = { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/book`, booked, delayMs, close: () => server.close() };
  return bookings;
}
