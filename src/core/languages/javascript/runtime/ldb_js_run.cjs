// The JavaScript tracer runtime: runs one instrumented program and one test in this (sandboxed)
// Node process and sends the block visits on the result pipe. runTest.ts starts it, sends the
// config on stdin ({file, code, esm, limits, resultFd, resultToken}) and reads the result: one
// frame `TOKEN LENGTH\n` + JSON on fd resultFd. Started before its config exists: Node's own
// start-up overlaps the parent's parsing.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');
const { pathToFileURL } = require('node:url');
const { format } = require('node:util');
const { AssertionError } = require('node:assert');
const { preview } = require('./ldb_js_values.cjs');
const { makeNodeTest } = require('./ldb_js_node_test.cjs');

const UNSET = Symbol('unset');
const TIMEOUT = Symbol('timeout');
/** How many hook calls pass between two looks at the clock (performance.now costs ~50 ns). */
const CLOCK_EVERY = 64;

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => (input += chunk));
process.stdin.on('end', () => {
  let config;
  try {
    config = JSON.parse(input);
  } catch {
    process.exit(70); // no config: the parent cancelled the run
  }
  void main(config);
});

async function main(config) {
  const { file, code, esm, limits, resultFd, resultToken } = config;
  const started = performance.now();
  const marker = esm ? pathToFileURL(file).href : file;
  const rec = recorder(limits, started, (outcome) => finish(outcome));
  let done = false;
  const finish = (outcome) => {
    if (done) return;
    done = true;
    write(resultFd, resultToken, rec.result(outcome));
    process.exit(0);
  };
  globalThis.__ldb = rec.api;
  rec.api.nodeTestModule = makeNodeTest(marker);
  // A false console.assert only prints in Node: here it fails the test, as a test runner must.
  console.assert = function assert(value, ...args) {
    if (!value) throw new AssertionError({ message: args.length > 0 ? format(...args) : 'Assertion failed' });
  };
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
  let outcome;
  try {
    if (esm) await loadEsm(file, code);
    else loadCjs(file, code);
    const test = rec.state.test;
    if (typeof test !== 'function')
      throw new Error('internal: the program did not reach its test (a top-level return?)');
    await test();
    outcome = { status: 'passed' };
  } catch (e) {
    outcome = rec.outcomeOf(e);
  }
  finish(outcome);
}

function loadCjs(file, code) {
  const m = new Module(file, null);
  m.filename = file;
  m.paths = Module._nodeModulePaths(path.dirname(file));
  Module._cache[file] = m;
  const load = Module._load;
  // node:test, required by the traced file, is the runtime's: it runs only the test asked for.
  Module._load = function (request, parent, isMain) {
    if ((request === 'node:test' || request === 'test') && parent && parent.filename === file)
      return globalThis.__ldb.nodeTestModule;
    return load.call(this, request, parent, isMain);
  };
  m._compile(code, file);
  m.loaded = true;
}

async function loadEsm(file, code) {
  if (typeof Module.register !== 'function')
    throw new Error('tracing an ES module needs Node 20.6 or later (module.register)');
  const url = pathToFileURL(file).href;
  Module.register(pathToFileURL(path.join(__dirname, 'ldb_js_hooks.mjs')).href, {
    data: { url, source: code, testUrl: pathToFileURL(path.join(__dirname, 'ldb_js_node_test.mjs')).href },
  });
  await import(url);
}

function write(fd, token, result) {
  const body = Buffer.from(JSON.stringify(result), 'utf8');
  const frame = Buffer.concat([Buffer.from(`${token} ${body.length}\n`, 'latin1'), body]);
  for (let at = 0; at < frame.length;) at += fs.writeSync(fd, frame, at);
}

function recorder(limits, started, stopAt) {
  const valueLength = limits.maxValueLength;
  const half = Math.max(1, Math.floor(limits.maxVisits / 2));
  const head = [];
  const tail = [];
  let tailCount = 0;
  let seq = 0;
  let calls = 0;
  let depth = 0;
  let events = 0;
  let bytes = 0;
  let recording = true;
  const hits = [];
  const state = { test: undefined, actual: undefined, expected: undefined };
  const raisedIn = new WeakMap();
  let lastPrimitive;

  const clock = () => {
    if (++events % CLOCK_EVERY !== 0) return;
    if (performance.now() - started > limits.timeoutMs) stopAt(timeoutOutcome());
    if (events > limits.maxEvents && recording) {
      recording = false;
      hits.push({
        limit: 'events',
        value: limits.maxEvents,
        detail: `tracing stopped after ${limits.maxEvents} hook calls`,
      });
    }
  };
  const snapshot = (getter) => {
    let scope;
    try {
      scope = getter();
    } catch {
      return {};
    }
    const out = {};
    for (const key of Object.keys(scope)) {
      const value = scope[key];
      if (value === UNSET || typeof value === 'function') continue;
      const text = preview(value, valueLength);
      out[key] = text;
      bytes += key.length + text.length + 6;
    }
    if (bytes > limits.maxTraceBytes && recording) {
      recording = false;
      hits.push({
        limit: 'trace',
        value: limits.maxTraceBytes,
        detail: 'recording stopped at the trace size limit',
      });
    }
    return out;
  };
  const store = (visit) => {
    if (head.length < half) head.push(visit);
    else tail[tailCount++ % half] = visit;
  };
  const info = (e) => {
    let type = 'Error';
    let message = '';
    let line;
    if (e !== null && (typeof e === 'object' || typeof e === 'function')) {
      try {
        const n = e.name;
        type = typeof n === 'string' ? n : className(e);
      } catch {
        type = className(e);
      }
      const m = Object.getOwnPropertyDescriptor(e, 'message');
      message = m && typeof m.value === 'string' ? m.value : preview(e, valueLength);
      try {
        line = userLine(e.stack);
      } catch {
        line = undefined;
      }
    } else {
      type = typeof e;
      message = preview(e, valueLength);
    }
    return { type, message, ...(line !== undefined ? { line } : {}) };
  };
  const marker = () => globalThis.__ldb.nodeTestModule.marker;
  const userLine = (stack) => {
    if (typeof stack !== 'string') return undefined;
    const where = marker();
    for (const l of stack.split('\n')) {
      const at = l.lastIndexOf(where);
      if (at < 0) continue;
      const m = /^:(\d+):\d+/.exec(l.slice(at + where.length));
      if (m) return Number(m[1]);
    }
    return undefined;
  };
  const closeVisit = (frame, after) => {
    if (frame.cur && !frame.closed) {
      frame.cur.after = after;
      frame.closed = true;
    }
  };
  function timeoutOutcome() {
    return {
      status: 'timeout',
      exception: { type: 'LdbTimeout', message: `stopped at the time limit (${limits.timeoutMs} ms)` },
    };
  }
  const api = {
    e(name, fallback) {
      clock();
      return {
        name,
        call: calls++,
        depth: depth++,
        iterations: new Map(),
        cur: null,
        closed: true,
        fallback,
      };
    },
    v(frame, id, getter) {
      clock();
      if (!recording) return;
      const snap = snapshot(getter);
      closeVisit(frame, snap);
      const iteration = frame.iterations.get(id) ?? 0;
      frame.iterations.set(id, iteration + 1);
      const visit = {
        block: id,
        function: frame.name,
        call: frame.call,
        depth: frame.depth,
        iteration,
        seq: seq++,
        before: snap,
        after: snap,
      };
      frame.cur = visit;
      frame.closed = false;
      store(visit);
    },
    r(frame, getter, value) {
      if (recording && frame.cur && !frame.closed) {
        closeVisit(frame, snapshot(getter));
        frame.cur.returned = preview(value, valueLength);
      }
      return value;
    },
    t(frame, getter, value) {
      if (recording && frame.cur && !frame.closed) closeVisit(frame, snapshot(getter));
      return value;
    },
    x(frame, e) {
      if (e === TIMEOUT) return;
      if (e !== null && typeof e === 'object') {
        if (!raisedIn.has(e)) raisedIn.set(e, frame.name);
      } else if (lastPrimitive === undefined) lastPrimitive = { e, name: frame.name };
      if (!recording || !frame.cur || frame.cur.returned !== undefined) return;
      if (!frame.closed) closeVisit(frame, snapshot(frame.fallback));
      frame.cur.raised = info(e);
    },
    end(frame, getter) {
      if (recording && frame.cur && !frame.closed) closeVisit(frame, snapshot(getter));
    },
    l(frame) {
      depth--;
      frame.closed = true;
    },
    g(read) {
      try {
        return read();
      } catch {
        return UNSET;
      }
    },
    setTest(fn) {
      state.test = fn;
    },
    cmp(actual, expected, check) {
      const a = actual();
      state.actual = preview(a, valueLength * 8);
      const e = expected();
      state.expected = preview(e, valueLength * 8);
      check(a, e);
    },
    truthy(value) {
      if (!value) throw new AssertionError({ message: `the expression is ${preview(value, valueLength)}` });
      return value;
    },
    nodeTest(line) {
      return globalThis.__ldb.nodeTestModule.run(line);
    },
  };
  function outcomeOf(e) {
    if (e === TIMEOUT) return timeoutOutcome();
    const exception = info(e);
    const fn =
      e !== null && typeof e === 'object'
        ? raisedIn.get(e)
        : lastPrimitive && lastPrimitive.e === e
          ? lastPrimitive.name
          : undefined;
    if (fn !== undefined) exception.function = fn;
    const failed =
      e !== null &&
      typeof e === 'object' &&
      (exception.type === 'AssertionError' ||
        Object.getOwnPropertyDescriptor(e, 'code')?.value === 'ERR_ASSERTION');
    return { status: failed ? 'failed' : 'error', exception };
  }
  return {
    api,
    state,
    outcomeOf,
    timeoutOutcome,
    result(outcome) {
      const kept =
        tailCount <= half
          ? tail.slice(0, tailCount)
          : [...tail.slice(tailCount % half), ...tail.slice(0, tailCount % half)];
      const out = { ...outcome };
      if (state.actual !== undefined) out.actual = state.actual;
      if (state.expected !== undefined) out.expected = state.expected;
      return {
        outcome: out,
        visits: [...head, ...kept],
        droppedVisits: Math.max(0, tailCount - half),
        limits: hits,
        nodeVersion: process.version,
      };
    },
  };
}

function className(v) {
  try {
    const proto = Object.getPrototypeOf(v);
    const ctor = proto && Object.getOwnPropertyDescriptor(proto, 'constructor');
    const name =
      ctor && typeof ctor.value === 'function'
        ? Object.getOwnPropertyDescriptor(ctor.value, 'name')
        : undefined;
    return name && typeof name.value === 'string' ? name.value : 'Object';
  } catch {
    return 'Object';
  }
}
