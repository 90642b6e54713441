// Progress of a long tool call, for a client that asked for it (a progressToken in the request):
// a notification when the work starts and at each step it reports, and one a second in between
// while it runs. Clients that reset their request timeout on progress keep waiting as long as the
// run takes.
import type { ServerNotification } from '@modelcontextprotocol/sdk/types.js';

// How often a running call says it is still running: often enough for clients' per-message timeouts.
const HEARTBEAT_MS = 1000;

export interface ProgressSink {
  _meta?: { progressToken?: string | number };
  sendNotification: (n: ServerNotification) => Promise<void>;
}

export async function withProgress<T>(
  sink: ProgressSink,
  what: string,
  work: (report: (message: string) => void) => Promise<T>,
): Promise<T> {
  const token = sink._meta?.progressToken;
  if (token === undefined) return work(() => undefined);
  const started = Date.now();
  let step = 0;
  let current = what;
  const send = (message: string) => {
    void sink
      .sendNotification({
        method: 'notifications/progress',
        params: { progressToken: token, progress: step++, message },
      })
      .catch(() => undefined);
  };
  send(current);
  const timer = setInterval(
    () => send(`${current} (${Math.round((Date.now() - started) / 1000)} s)`),
    HEARTBEAT_MS,
  );
  try {
    return await work((message) => {
      current = message;
      send(message);
    });
  } finally {
    clearInterval(timer);
  }
}
