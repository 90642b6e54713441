// The Node child that runs a JavaScript / TypeScript program under the JavaScript runtime
// (runtime/, shipped as dist/javascript) in the sandbox: it starts first and waits on stdin while
// the program is parsed and instrumented (program.ts), then gets {main, modules, resolve, rel,
// limits, resultFd, resultToken}. The visits come on a pipe (fd 3) while the program runs, then the
// result, in frames signed with this run's token, as for Python (resultStream.ts); what a run that
// sent no result means is told from how it ended, with the visits it sent kept. Light on purpose:
// the CLI's launcher starts a child with it before the rest of LDB is loaded (start.ts).
import { accessSync, constants, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import { badInput, LdbError } from '../../errors';
import type { LimitHit, RunResult, TestOutcome } from '../../model';
import { programEnv } from '../../run/env';
import { confinedCommand, decideIsolation, unwrapExit } from '../../run/isolation';
import { hardLimitsApply, hardLimitsFor } from '../../run/rlimits';
import { runProcess, type ProcessResult } from '../../run/sandbox';
import { newResultChannel } from '../../run/resultChannel';
import { pendingInput } from '../../run/pendingInput';
import { makeRunFolder, removedAfter } from '../../run/runFolder';
import { runResultOf } from '../../run/runResult';
import type { Settings } from '../../settings';
import type { RuntimeStart } from '../support';
import { IMPORTS_NODE_TEST } from './moduleKind';
import type { JsProgram } from './preparer';
import { readStreamedResult } from './resultStream';

/** The runtime's files sit in this folder of the bundle's assets (scripts/build.mjs copies them). */
export const JS_RUNTIME_FOLDER = 'javascript';

/** The runtime's argument for JsProcessOptions.hooksEarly (ldb_js_run.cjs takes it out of process.argv). */
const HOOKS_EARLY = '--hooks-early';

const NODE_WORDS = { process: 'Node', stuckHint: 'a loop outside the traced functions?' };

/**
 * The Node that runs the program, as a real path (the program's environment is an allow-list and
 * an isolated run sees only the folders it is given). Default: the Node running LDB, unless that is
 * an editor's Electron, where `node` on PATH is meant.
 */
export function nodeExecutable(setting: string | undefined): string {
  const wanted = setting ?? (process.versions.electron === undefined ? process.execPath : 'node');
  const candidates =
    isAbsolute(wanted) || wanted.includes('/')
      ? [resolve(wanted)]
      : (process.env.PATH ?? '').split(delimiter).map((d) => join(d, wanted));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return realpathSync(candidate);
    } catch {
      // not this one
    }
  }
  throw badInput(`cannot run Node '${wanted}': not found (set --node or LDB_NODE, in the editor ldb.node)`);
}

/** A Node child started and waiting on stdin for its program. */
export interface JsProcess {
  /** Gives the child its program (or the error that prevents one); resolves when the run is over. */
  run(program: Promise<JsProgram>): Promise<RunResult>;
  cancel(): void;
}

/**
 * Starts the child within this call, synchronously (an async function runs until its first
 * await): the launcher's head start must not wait for the event loop, or the spawn would wait for
 * the CLI's bundle to load. Hence node:fs's sync calls, and no node:fs/promises.
 */
// eslint-disable-next-line @typescript-eslint/require-await -- async only to turn a throw into a rejection
export async function startJsProcess(
  start: RuntimeStart,
  options: JsProcessOptions = {},
): Promise<JsProcess> {
  return startNow(start, options);
}

export interface JsProcessOptions {
  /**
   * The program will likely load ES modules: the runtime starts the module hooks' thread
   * (module.register, ~45 ms) while it waits for the program, not after (ldb_js_load.cjs).
   */
  hooksEarly?: boolean;
  /**
   * The main file, when it can run from its copy shown in its place (an ES module importing no file
   * of its project, nor node:test): in a bwrap sandbox the copy is bound over the file, and the
   * runtime imports it as it is, with no module hooks at all. Elsewhere, hooks as usual.
   */
  inPlace?: string;
}

/** The run folder's file the main file's copy is written to, when it is shown in place. */
const IN_PLACE_COPY = 'ldb-main-copy';

/** What keeps a program from running in place: files of its project, or the runtime's node:test. */
function runsInPlace(program: JsProgram, inPlace: string | undefined): boolean {
  return (
    inPlace !== undefined &&
    resolve(program.main.file) === resolve(inPlace) &&
    program.main.esm &&
    program.modules.length === 0 &&
    Object.keys(program.resolve).length === 0 &&
    !IMPORTS_NODE_TEST.test(program.main.code)
  );
}

function startNow(start: RuntimeStart, options: JsProcessOptions): JsProcess {
  const { settings } = start;
  const isolation = decideIsolation(settings.isolation);
  const node = nodeExecutable(settings.node);
  const dir = makeRunFolder('ldb-run-');
  const { fd: resultFd, token } = newResultChannel();
  const config = pendingInput();
  const env = programEnv(process.env, { runDir: dir });
  // Options for Node itself (--require, --inspect) would change how the runtime runs, not the program.
  delete env.NODE_OPTIONS;
  const runtimeDir = join(start.assetsDir, JS_RUNTIME_FOLDER);
  const inPlace = isolation === 'bwrap' ? options.inPlace : undefined;
  const copy = join(dir, IN_PLACE_COPY);
  // Made now, written when the program is ready: the bind holds the file, not its text.
  if (inPlace !== undefined) writeFileSync(copy, '');
  const hooksEarly = options.hooksEarly === true && inPlace === undefined;
  const command = confinedCommand(
    isolation,
    // Node's own prefix (bin/node and lib/), the runtime, and the program's folders.
    {
      readOnly: [dirname(dirname(node)), runtimeDir, ...(start.readable ?? [])],
      runDir: dir,
      maxProcesses: settings.maxProcesses,
      // Node cannot set its own: file size, open files, CPU, processes, memory, set before it starts.
      hardLimits: { ...hardLimitsFor(settings), dataBytes: dataBytes(settings) },
      ...(inPlace !== undefined ? { shownInPlace: [{ at: inPlace, from: copy }] } : {}),
    },
    node,
    [...heapFlags(settings), join(runtimeDir, 'ldb_js_run.cjs'), ...(hooksEarly ? [HOOKS_EARLY] : [])],
  );
  const proc = runProcess({
    ...command,
    cwd: dir,
    env,
    timeoutMs: settings.timeoutMs + settings.killGraceMs,
    maxStdoutBytes: settings.maxStdoutBytes,
    maxStderrBytes: settings.maxStderrBytes,
    stdin: config.text,
    // The streamed visits (at most maxTraceBytes) and the result (its rest) both fit.
    resultChannelBytes: 3 * settings.maxTraceBytes + 1024 * 1024,
    ...(start.signal ? { signal: start.signal } : {}),
  });
  const settled = removedAfter(proc, dir);
  return {
    async run(program) {
      try {
        const given = await program;
        // The sandbox shows the copy at the file's path whatever runs: the program as it runs, or
        // (another main file, never so far) the file as it is.
        if (inPlace !== undefined)
          writeFileSync(
            copy,
            resolve(given.main.file) === resolve(inPlace) ? given.main.code : readFileSync(inPlace),
          );
        if (runsInPlace(given, inPlace)) given.main.shown = true;
        config.give(
          JSON.stringify({
            ...given,
            limits: runtimeLimits(settings),
            resultFd,
            resultToken: token,
          }),
        );
      } catch (e) {
        config.refuse(new Error('no program to run'));
        await settled;
        throw e;
      }
      try {
        const done = unwrapExit(isolation, await proc);
        if (done.cancelled) throw new LdbError('cancelled', 'the test run was cancelled');
        return { ...resultOf(done, token, settings), isolation };
      } finally {
        await settled;
      }
    },
    cancel() {
      config.refuse(new Error('no program to run'));
    },
  };
}

/**
 * Node needs about 40 MB of its own to start; under 32 MB of RLIMIT_DATA it hangs instead of
 * failing. A smaller memory setting is raised to this for JavaScript runs.
 */
const NODE_MIN_DATA_BYTES = 128 * 1024 * 1024;

function dataBytes(settings: Settings): number {
  return Math.max(NODE_MIN_DATA_BYTES, settings.memoryBytes);
}

/**
 * The memory limit is RLIMIT_DATA where prlimit sets it (V8 then stops at it as at its own heap
 * limit). Any V8 flag on Node's command line, --max-old-space-size included, makes Node refuse
 * the code cache of its own modules, so every one the run loads compiles from scratch:
 * require('node:assert') takes 5.3 ms instead of 1.6, measured here, and a traced run loads
 * several. Without prlimit (not Linux) V8's heap limit stands in.
 */
function heapFlags(settings: Settings): string[] {
  return hardLimitsApply() ? [] : [`--max-old-space-size=${megabytes(dataBytes(settings))}`];
}

function megabytes(bytes: number): number {
  return Math.floor(bytes / (1024 * 1024));
}

function runtimeLimits(settings: Settings) {
  return {
    timeoutMs: settings.timeoutMs,
    maxValueLength: settings.maxValueLength,
    maxVisits: settings.maxVisits,
    maxEvents: settings.maxEvents,
    maxTraceBytes: settings.maxTraceBytes,
  };
}

/** V8 prints this and aborts when the heap reaches its limit (RLIMIT_DATA or --max-old-space-size): nothing of ours runs then. */
const OUT_OF_MEMORY = /JavaScript heap out of memory|Reached heap limit/;

function resultOf(done: ProcessResult, token: string, settings: Settings) {
  const streamed = readStreamedResult(done.channel, token, settings.maxVisits);
  const result = runResultOf(streamed.written, done, settings, NODE_WORDS);
  const killedForMemory = streamed.written === undefined && !done.timedOut && OUT_OF_MEMORY.test(done.stderr);
  const outcome: TestOutcome = killedForMemory
    ? {
        status: 'error',
        exception: {
          type: 'LdbOutOfMemory',
          message: `the program ran out of memory (the limit is ${megabytes(dataBytes(settings))} MB: --memory-mb)`,
        },
      }
    : result.outcome;
  const limits: LimitHit[] = killedForMemory
    ? [
        { limit: 'memory', value: settings.memoryBytes, detail: 'V8 stopped the process at the heap limit' },
        ...result.limits,
      ]
    : result.limits;
  return { ...result, outcome, limits, visits: streamed.visits, droppedVisits: streamed.droppedVisits };
}
