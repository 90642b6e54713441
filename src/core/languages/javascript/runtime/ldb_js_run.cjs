// The JavaScript tracer runtime: runs one instrumented program and one test in this (sandboxed)
// Node process and sends the block visits on the result pipe. process.ts starts it and sends the
// config on stdin ({main, modules, resolve, rel, limits, resultFd, resultToken}: ldb_js_types.d.ts);
// the visits go out as they come (ldb_js_stream.cjs) and the result last: one frame `TOKEN
// LENGTH\n` + JSON on fd resultFd. Started before its config exists: Node's own start-up overlaps
// the parent's parsing.
'use strict';
const { readFileSync } = require('node:fs');
const { pathToFileURL } = require('node:url');
const { makeRecorder } = require('./ldb_js_recorder.cjs');
const { visitStream, writeFrame } = require('./ldb_js_stream.cjs');
const { makeNodeTest } = require('./ldb_js_node_test.cjs');
const { loadProgram, startHooksEarly } = require('./ldb_js_load.cjs');

/** @typedef {import('./ldb_js_types').Config} Config */
/** @typedef {import('./ldb_js_types').Outcome} Outcome */
/** @typedef {import('./ldb_js_types').Place} Place */
/** @typedef {import('./ldb_js_types').Hooks} Hooks */

/** @param {string} text */
function start(text) {
  /** @type {Config} */
  let config;
  try {
    /** @type {unknown} */
    const parsed = JSON.parse(text);
    config = /** @type {Config} */ (parsed);
  } catch {
    process.exit(70); // no config: the parent cancelled the run
  }
  void main(config);
}

// The parent expects ES modules (process.ts, hooksEarly): their hooks' thread starts now, while the
// program is prepared. The program's process.argv is left as a plain run's.
const hooksEarlyAt = process.argv.indexOf('--hooks-early', 2);
if (hooksEarlyAt >= 0) process.argv.splice(hooksEarlyAt, 1);
const earlyHooks = hooksEarlyAt >= 0 ? startHooksEarly() : undefined;

// The config is read at once, blocking: there is nothing else to do until it comes, and
// process.stdin (a stream) costs the start-up a few ms more. Once read, fd 0 is at its end: the
// program finds stdin closed, as in every run. A non-blocking stdin (EAGAIN) is read as a stream.
/** @type {string | undefined} */
let given;
try {
  given = readFileSync(0, 'utf8');
} catch (e) {
  if (/** @type {NodeJS.ErrnoException} */ (e).code !== 'EAGAIN') throw e;
}
if (given !== undefined) start(given);
else {
  let input = '';
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (/** @type {string} */ chunk) => (input += chunk));
  process.stdin.on('end', () => start(input));
}

/**
 * Finds the innermost frame of a stack trace in the program's files: stack lines name a CommonJS
 * file by its path and an ES module by its URL.
 * @param {Config} config
 * @returns {(stack: unknown, only?: { file: string | undefined }) => Place | undefined}
 */
function placer(config) {
  const files = [config.main, ...config.modules].map((f) => {
    const rel = config.rel[f.file];
    return { markers: [f.esm ? pathToFileURL(f.file).href : f.file], rel };
  });
  return (stack, only) => {
    if (typeof stack !== 'string') return undefined;
    for (const l of stack.split('\n')) {
      for (const f of files) {
        if (only !== undefined && f.rel !== only.file) continue;
        for (const marker of f.markers) {
          const at = l.lastIndexOf(marker);
          if (at < 0) continue;
          const m = /^:(\d+):\d+/.exec(l.slice(at + marker.length));
          if (m) return { line: Number(m[1]), ...(f.rel !== undefined ? { file: f.rel } : {}) };
        }
      }
    }
    return undefined;
  };
}

/** @param {Config} config */
async function main(config) {
  const { limits, resultFd, resultToken } = config;
  const started = process.uptime() * 1000;
  const send = (/** @type {string} */ text) => writeFrame(resultFd, resultToken, text);
  const half = Math.max(1, Math.floor(limits.maxVisits / 2));
  const stream = visitStream(send, half, limits.maxTraceBytes);
  const place = placer(config);
  const realExit = process.exit.bind(process);
  let done = false;
  /** @param {Outcome} outcome */
  const finish = (outcome) => {
    if (done) return;
    done = true;
    send(JSON.stringify(rec.result(outcome)));
    realExit(0);
  };
  const rec = makeRecorder(limits, { started, stream, stopAt: finish, place });
  const mainMarker = config.main.esm ? pathToFileURL(config.main.file).href : config.main.file;
  const nodeTestModule = makeNodeTest(mainMarker, (fn) => rec.quietly(fn));
  /** @type {Hooks} */
  const hooks = {
    ...rec.api,
    nodeTestModule,
    nodeTest: (line) => nodeTestModule.run(line),
  };
  globalThis.__ldb = hooks;
  // A false console.assert only prints in Node: here it fails the test, as a test runner must.
  console.assert = function assert(value, ...args) {
    if (value) return;
    const message = args.length > 0 ? require('node:util').format(...args) : 'Assertion failed';
    throw new rec.CheckFailed(message);
  };
  // process.exit in the program ends the test there, as os._exit does in Python: an error at the
  // line that called it, the visits kept. The 'exit' event catches the ways around it.
  process.exit = /** @type {typeof process.exit} */ (
    (code) => {
      finish(rec.exitOutcome(code, new Error().stack));
      return realExit(0);
    }
  );
  process.on('exit', (code) => finish(rec.exitOutcome(code, undefined)));
  const timer = setTimeout(() => finish(rec.timeoutOutcome()), Math.max(1, limits.timeoutMs));
  timer.unref();
  process.on('uncaughtException', (e) => finish(rec.outcomeOf(e)));
  process.on('unhandledRejection', (e) => finish(rec.outcomeOf(e)));
  process.on('beforeExit', () =>
    finish({
      status: 'error',
      exception: {
        type: 'LdbUnsettled',
        message: "the test's promise never settled: nothing was left to run",
      },
    }),
  );
  /** @type {Outcome} */
  let outcome;
  try {
    await loadProgram(config, nodeTestModule, earlyHooks);
    const test = rec.state.test;
    if (typeof test !== 'function')
      throw new Error('internal: the program did not reach its test (a top-level return?)');
    await test();
    outcome = exitCodeOutcome() ?? { status: 'passed' };
  } catch (e) {
    outcome = rec.outcomeOf(e);
  }
  finish(outcome);
}

/**
 * A program that says it failed only by process.exitCode (`.catch((e) => { console.error(e);
 * process.exitCode = 1; })`) ends as Node's exit status says, as a process.exit(1) would.
 * @returns {Outcome | undefined}
 */
function exitCodeOutcome() {
  const code = process.exitCode;
  if (code === undefined || code === null || Number(code) === 0) return undefined;
  return {
    status: 'error',
    exception: {
      type: 'ProcessExitCode',
      message: `the program set process.exitCode = ${String(code)}: Node exits with it`,
    },
  };
}
