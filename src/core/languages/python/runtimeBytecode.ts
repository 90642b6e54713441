// The runtime's modules compiled once per interpreter version, before an isolated run needs them:
// inside the sandbox the runtime folder is read-only, so Python would compile them from source
// at every start (10-20 ms) without being able to keep the result. Compiling is done outside the
// sandbox because it runs only our own files.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { probeEnv } from '../../run/env';
import { runProcess } from '../../run/sandbox';
import type { Interpreter } from './interpreter';

/** The module whose bytecode says the folder was compiled for a version. */
const MARKER_MODULE = 'ldb_run';
/** Compiling ten small files: a limit for a stuck interpreter, not for the work. */
const COMPILE_TIMEOUT_MS = 30_000;

const done = new Map<string, Promise<void>>();

function markerOf(interpreter: Interpreter, runtimeDir: string): string {
  return join(
    runtimeDir,
    '__pycache__',
    `${MARKER_MODULE}.cpython-${interpreter.major}${interpreter.minor}.pyc`,
  );
}

/** Whether the runtime is compiled for this interpreter (nothing is started either way). */
export function runtimeBytecodeReady(interpreter: Interpreter, runtimeDir: string): boolean {
  return existsSync(markerOf(interpreter, runtimeDir));
}

/**
 * Compiles the runtime for this interpreter unless it is compiled already; undefined then, so that
 * a caller starting its child does not wait even a turn of the event loop for nothing.
 */
export function ensureRuntimeBytecode(
  interpreter: Interpreter,
  runtimeDir: string,
): Promise<void> | undefined {
  const marker = markerOf(interpreter, runtimeDir);
  if (existsSync(marker)) return undefined;
  let pending = done.get(marker);
  if (pending === undefined) {
    pending = runProcess({
      command: interpreter.executable,
      args: ['-X', 'utf8', '-m', 'compileall', '-q', '-l', runtimeDir],
      cwd: runtimeDir,
      env: probeEnv(process.env),
      timeoutMs: COMPILE_TIMEOUT_MS,
      maxStdoutBytes: 64 * 1024,
      maxStderrBytes: 64 * 1024,
    }).then(
      () => undefined,
      () => undefined, // a read-only install: the runtime then compiles in memory, only slower
    );
    done.set(marker, pending);
  }
  return pending;
}
