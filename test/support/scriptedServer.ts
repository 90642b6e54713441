// A real OpenAI-compatible HTTP server on 127.0.0.1 that answers from a script, so the real
// `openai` client (and the CLI, and the VS Code host tests) talk HTTP to it exactly as to a model
// server. It records every request (headers, body, whether the client hung up) for assertions.
//
// In-process:  const server = await startScriptedServer([reply('...'), status(429, ...)]);
// Standalone:  npx tsx test/support/scriptedServer.ts --script s.json [--port-file p.txt]
//              [--log requests.jsonl] [--port N] [--exit-with-stdin]
//   s.json is an array of steps, or { "steps": [...], "rules": [{ "contains": "...", "step": {...} }] }:
//   a request whose messages contain a rule's text gets that rule's step, any other the next step.
import { appendFileSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ScriptedUsage {
  prompt_tokens: number;
  completion_tokens: number;
}

export type Step =
  /** A chat completion. usage: given numbers, `false` for none, default chars / 4 of each side. */
  | {
      reply: string;
      usage?: ScriptedUsage | false;
      model?: string;
      finishReason?: string;
      delayMs?: number;
      /** Send the headers and half the body, then nothing more (a server that stalls mid-answer). */
      stallAfterHeaders?: boolean;
    }
  /** An HTTP status, with a JSON error body ({ error: { message } }) unless body is given. */
  | { status: number; message?: string; body?: string; headers?: Record<string, string>; delayMs?: number }
  /** Bytes that are not a chat completion, with a 200 (or the status given). */
  | { garbage: string; status?: number; contentType?: string; delayMs?: number }
  /** Never answer; the request is marked disconnected when the client gives up. */
  | { hang: true };

export interface RecordedRequest {
  index: number;
  method: string;
  /** Path with the query, e.g. `/v1/chat/completions` or `/openai/deployments/d/chat/completions?api-version=...`. */
  url: string;
  headers: Record<string, string | undefined>;
  /** The parsed JSON body (the raw text when it is not JSON). */
  body: unknown;
  messages: { role: string; content: string }[];
  /** The step that answered (absent for GET /models). */
  step?: Step;
  /** True once the client closed the connection before the answer was complete. */
  disconnected: boolean;
}

export type Script = Step[] | ((request: RecordedRequest, chatIndex: number) => Step | Promise<Step>);

export interface ScriptedServer {
  baseUrl: string;
  port: number;
  requests: RecordedRequest[];
  /** Chat requests only, in arrival order. */
  chats(): RecordedRequest[];
  close(): Promise<void>;
}

export interface ScriptedServerOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Model id for GET /models and for replies that name none. */
  model?: string;
  /** Called with each request once it is finished (answered or abandoned). */
  onRecorded?: (request: RecordedRequest) => void;
}

export const reply = (text: string, extra: Omit<Extract<Step, { reply: string }>, 'reply'> = {}): Step => ({
  reply: text,
  ...extra,
});
export const status = (
  code: number,
  extra: Omit<Extract<Step, { status: number }>, 'status'> = {},
): Step => ({
  status: code,
  ...extra,
});
export const garbage = (
  text: string,
  extra: Omit<Extract<Step, { garbage: string }>, 'garbage'> = {},
): Step => ({
  garbage: text,
  ...extra,
});
export const hang = (): Step => ({ hang: true });

const DEFAULT_MODEL = 'scripted-model';

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function messagesOf(body: unknown): { role: string; content: string }[] {
  const list = (body as { messages?: unknown } | null)?.messages;
  if (!Array.isArray(list)) return [];
  return list.map((m: { role?: unknown; content?: unknown }) => ({
    role: String(m.role),
    content: typeof m.content === 'string' ? m.content : JSON.stringify(m.content),
  }));
}

const estimate = (text: string): number => Math.ceil(text.length / 4);

function completionBody(
  step: Extract<Step, { reply: string }>,
  request: RecordedRequest,
  model: string,
): string {
  const usage =
    step.usage === false
      ? undefined
      : (step.usage ?? {
          prompt_tokens: estimate(request.messages.map((m) => m.content).join('')),
          completion_tokens: estimate(step.reply),
        });
  return JSON.stringify({
    id: `chatcmpl-scripted-${request.index}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: step.model ?? (request.body as { model?: string } | null)?.model ?? model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: step.reply },
        finish_reason: step.finishReason ?? 'stop',
      },
    ],
    ...(usage ? { usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens } } : {}),
  });
}

/** Waits, unless the client hangs up first (then nothing is written). */
function pause(ms: number, res: ServerResponse): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      res.off('close', onClose);
      resolve(true);
    }, ms);
    const onClose = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    res.once('close', onClose);
  });
}

async function answer(
  step: Step,
  request: RecordedRequest,
  res: ServerResponse,
  model: string,
): Promise<void> {
  if ('hang' in step) return;
  if (step.delayMs && !(await pause(step.delayMs, res))) return;
  if ('reply' in step) {
    const body = completionBody(step, request, model);
    res.writeHead(200, { 'content-type': 'application/json' });
    if (step.stallAfterHeaders) res.write(body.slice(0, body.length >> 1));
    else res.end(body);
  } else if ('garbage' in step) {
    res.writeHead(step.status ?? 200, { 'content-type': step.contentType ?? 'text/html' }).end(step.garbage);
  } else {
    const body =
      step.body ??
      JSON.stringify({
        error: { message: step.message ?? `scripted status ${step.status}`, type: 'scripted' },
      });
    res.writeHead(step.status, { 'content-type': 'application/json', ...step.headers }).end(body);
  }
}

export async function startScriptedServer(
  script: Script,
  options: ScriptedServerOptions = {},
): Promise<ScriptedServer> {
  const model = options.model ?? DEFAULT_MODEL;
  const requests: RecordedRequest[] = [];
  let chatCount = 0;

  const nextStep = async (request: RecordedRequest): Promise<Step> => {
    const index = chatCount++;
    if (typeof script === 'function') return script(request, index);
    return (
      script[index] ?? status(400, { message: `scripted server: no step left for chat request ${index + 1}` })
    );
  };

  const server = createServer((req, res) => {
    void (async () => {
      const text = await readBody(req);
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        // Kept as text: a test may want to see what was sent.
      }
      const request: RecordedRequest = {
        index: requests.length,
        method: req.method ?? '',
        url: req.url ?? '',
        headers: { ...req.headers } as Record<string, string | undefined>,
        body,
        messages: messagesOf(body),
        disconnected: false,
      };
      requests.push(request);
      let finished = false;
      res.once('finish', () => (finished = true));
      res.once('close', () => {
        if (!finished) request.disconnected = true;
        options.onRecorded?.(request);
      });
      const path = request.url.split('?')[0];
      if (req.method === 'GET' && path.endsWith('/models')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({ object: 'list', data: [{ id: model, object: 'model', owned_by: 'ldb-tests' }] }),
        );
        return;
      }
      if (req.method !== 'POST' || !path.endsWith('/chat/completions')) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: `no route ${req.method} ${path}` } }));
        return;
      }
      request.step = await nextStep(request);
      await answer(request.step, request, res, model);
    })().catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`scripted server failed: ${String(error)}`);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    port,
    requests,
    chats: () => requests.filter((r) => r.method === 'POST'),
    close: () =>
      new Promise<void>((resolve) => {
        // Hanging steps keep sockets open; close them so close() never waits for a client.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface ScriptFile {
  steps?: Step[];
  rules?: { contains: string; step: Step }[];
  model?: string;
}

/** The standalone script: plain steps in order, or rules matched on the request's text first. */
export function scriptFromFile(file: ScriptFile | Step[]): Script {
  if (Array.isArray(file)) return file;
  const steps = file.steps ?? [];
  const rules = file.rules ?? [];
  let next = 0;
  return (request) => {
    const text = request.messages.map((m) => m.content).join('\n');
    const rule = rules.find((r) => text.includes(r.contains));
    if (rule) return rule.step;
    return steps[next++] ?? status(400, { message: `scripted server: no step left (${next} used)` });
  };
}

function argument(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

async function main(args: string[]): Promise<void> {
  const scriptPath = argument(args, '--script');
  if (!scriptPath)
    throw new Error('usage: scriptedServer.ts --script FILE [--port N] [--port-file F] [--log F]');
  const file = JSON.parse(readFileSync(scriptPath, 'utf8')) as ScriptFile | Step[];
  const log = argument(args, '--log');
  const server = await startScriptedServer(scriptFromFile(file), {
    port: Number(argument(args, '--port') ?? 0),
    model: Array.isArray(file) ? undefined : file.model,
    onRecorded: log ? (request) => appendFileSync(log, JSON.stringify(request) + '\n') : undefined,
  });
  const portFile = argument(args, '--port-file');
  if (portFile) {
    // Written whole and renamed, so a reader polling for the file never sees half a number.
    writeFileSync(`${portFile}.tmp`, String(server.port));
    renameSync(`${portFile}.tmp`, portFile);
  }
  process.stdout.write(`scripted server listening at ${server.baseUrl}\n`);
  const stop = (): void => void server.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  if (args.includes('--exit-with-stdin')) {
    // The spawning test holds our stdin open; if it dies (even by SIGKILL) we get EOF and go too.
    process.stdin.resume();
    process.stdin.once('end', stop);
    process.stdin.once('error', stop);
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  });
}
