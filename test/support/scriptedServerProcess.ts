// The scripted server as a child process, for tests that cannot share a process with it (the CLI
// under test, the VS Code extension host). What it received is read back from its request log.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './paths';
import type { RecordedRequest, ScriptFile, Step } from './scriptedServer';

export interface ScriptedServerProcess {
  baseUrl: string;
  pid: number;
  /** Requests finished so far (answered or abandoned), in the order they finished. */
  requests(): RecordedRequest[];
  /** SIGTERM, wait for the exit, remove the temporary files. */
  stop(): Promise<void>;
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));
}

export async function spawnScriptedServer(
  script: ScriptFile | Step[],
  { startupMs = 15_000 }: { startupMs?: number } = {},
): Promise<ScriptedServerProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'ldb-scripted-'));
  const scriptFile = join(dir, 'script.json');
  const portFile = join(dir, 'port.txt');
  const log = join(dir, 'requests.jsonl');
  writeFileSync(scriptFile, JSON.stringify(script));
  // node with the tsx loader rather than the tsx wrapper: one process, so its pid is the server's.
  // Its stdin is a pipe from us: if this test process dies, the server sees EOF and exits.
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(REPO_ROOT, 'test', 'support', 'scriptedServer.ts'),
      '--script',
      scriptFile,
      '--port-file',
      portFile,
      '--log',
      log,
      '--exit-with-stdin',
    ],
    { cwd: REPO_ROOT, stdio: ['pipe', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));

  const until = Date.now() + startupMs;
  while (!existsSync(portFile)) {
    if (child.exitCode !== null || Date.now() > until) {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`scripted server did not start: ${stderr.trim() || 'no port file'}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  const port = Number(readFileSync(portFile, 'utf8'));
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    pid: child.pid ?? -1,
    requests: () =>
      existsSync(log)
        ? readFileSync(log, 'utf8')
            .split('\n')
            .filter(Boolean)
            .map((line) => JSON.parse(line) as RecordedRequest)
        : [],
    stop: async () => {
      child.kill('SIGTERM');
      await exited(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
