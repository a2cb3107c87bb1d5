import { SessionAwareAdapter } from 'socket.io-adapter';

/** What a closed server's session adapters let go of. */
interface AdapterState {
  sessions: Map<unknown, unknown>;
  packets: unknown[];
  rooms: Map<unknown, unknown>;
  sids: Map<unknown, unknown>;
  nsp: unknown;
}

/**
 * socket.io's in-memory adapter for connection state recovery (socket.io-adapter 2.5's SessionAwareAdapter) starts
 * a 60-second interval that nothing stops, not even the server's close(). The interval keeps the adapter, and through
 * its namespace the whole server (its sockets and handlers, the store and the bot they use), alive as long as the
 * process runs: about 225 MB for each server started and closed in a process. The adapters made here are remembered
 * (also those a cluster's Redis adapter replaces), so that `release` can empty them when the server closes: the
 * interval then holds an empty adapter.
 */
export function releasableSessionAdapters(): { adapter: typeof SessionAwareAdapter; release(): void } {
  const made = new Set<SessionAwareAdapter>();
  class RememberedSessionAdapter extends SessionAwareAdapter {
    constructor(nsp: unknown) {
      super(nsp);
      made.add(this);
    }
  }
  return {
    adapter: RememberedSessionAdapter,
    release() {
      for (const adapter of made) {
        const state = adapter as unknown as AdapterState;
        state.sessions.clear();
        state.packets.length = 0;
        state.rooms.clear();
        state.sids.clear();
        state.nsp = undefined;
      }
      made.clear();
    },
  };
}
