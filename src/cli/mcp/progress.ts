// Progress of a long tool call, for a client that asked for it (a progressToken in the request):
// a first notification when the work starts, then one a second while it runs. Clients that reset
// their request timeout on progress keep waiting for as long as the run takes.
import type { ServerNotification } from '@modelcontextprotocol/sdk/types.js';

// How often a running call says it is still running: often enough for clients' per-message timeouts.
const HEARTBEAT_MS = 1000;

export interface ProgressSink {
  _meta?: { progressToken?: string | number };
  sendNotification: (n: ServerNotification) => Promise<void>;
}

export async function withProgress<T>(sink: ProgressSink, what: string, work: () => Promise<T>): Promise<T> {
  const token = sink._meta?.progressToken;
  if (token === undefined) return work();
  const started = Date.now();
  let step = 0;
  const send = (message: string) => {
    void sink
      .sendNotification({
        method: 'notifications/progress',
        params: { progressToken: token, progress: step++, message },
      })
      .catch(() => undefined);
  };
  send(what);
  const timer = setInterval(
    () => send(`${what} (${Math.round((Date.now() - started) / 1000)} s)`),
    HEARTBEAT_MS,
  );
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}
