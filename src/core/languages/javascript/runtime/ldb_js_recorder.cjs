// The recorder the instrumented copy calls (`__ldb.e`, `.v`, ...; instrument.ts writes the calls):
// block visits per call with the variables before and after, return values and exceptions, the
// limits on events and trace size, and the outcome of the test. Visits go to the parent as they
// come (ldb_js_stream.cjs).
'use strict';
const { preview } = require('./ldb_js_values.cjs');

/** @typedef {import('./ldb_js_types').Limits} Limits */
/** @typedef {import('./ldb_js_types').Visit} Visit */
/** @typedef {import('./ldb_js_types').Frame} Frame */
/** @typedef {import('./ldb_js_types').Getter} Getter */
/** @typedef {import('./ldb_js_types').Outcome} Outcome */
/** @typedef {import('./ldb_js_types').ExceptionInfo} ExceptionInfo */
/** @typedef {import('./ldb_js_types').LimitHit} LimitHit */
/** @typedef {import('./ldb_js_types').Hooks} Hooks */
/** @typedef {import('./ldb_js_types').Place} Place */
/** @typedef {import('./ldb_js_types').Snapshot} Snapshot */
/** @typedef {ReturnType<import('./ldb_js_stream.cjs').visitStream>} VisitStream */

/** What a guarded read of a variable in its temporal dead zone gives: left out of the snapshot. */
const UNSET = Symbol('unset');
/** How many hook calls pass between two looks at the clock (process.uptime costs ~100 ns). */
const CLOCK_EVERY = 64;

/**
 * The error a false console.assert or a falsy checked expression throws: an AssertionError by its
 * name and code (ERR_ASSERTION), as node:assert's is, without loading node:assert, whose error
 * module sets up stderr and Node's streams (~4 ms of a short run).
 */
class CheckFailed extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = 'AssertionError';
    this.code = 'ERR_ASSERTION';
  }
}

/**
 * @param {unknown} v
 * @returns {string}
 */
function className(v) {
  try {
    const proto = typeof v === 'object' && v !== null ? Reflect.getPrototypeOf(v) : null;
    const ctor = proto && Object.getOwnPropertyDescriptor(proto, 'constructor');
    /** @type {unknown} */
    const fn = ctor?.value;
    const name = typeof fn === 'function' ? Object.getOwnPropertyDescriptor(fn, 'name') : undefined;
    return name && typeof name.value === 'string' ? name.value : 'Object';
  } catch {
    return 'Object';
  }
}

/**
 * @param {Limits} limits
 * @param {object} deps
 * @param {number} deps.started when the run began (process.uptime() in ms)
 * @param {VisitStream} deps.stream
 * @param {(outcome: Outcome) => void} deps.stopAt ends the run (the time limit)
 * @param {(stack: unknown, only?: { file: string | undefined }) => Place | undefined} deps.place the
 *   innermost frame of a stack in the program's files (`only`: in that file; undefined is the main one)
 */
function makeRecorder(limits, deps) {
  const { started, stream, stopAt, place } = deps;
  const valueLength = limits.maxValueLength;
  let calls = 0;
  let depth = 0;
  let events = 0;
  let bytes = 0;
  let recording = true;
  /** Runs of code that is not the test's (node:test tests before it) under way: nothing is recorded. */
  let paused = 0;
  const on = () => recording && paused === 0;
  /** @type {LimitHit[]} */
  const hits = [];
  /** @type {{ test: (() => Promise<unknown>) | undefined, actual: string | undefined, expected: string | undefined }} */
  const state = { test: undefined, actual: undefined, expected: undefined };
  /** @type {WeakMap<object, Frame>} the call an exception first left */
  const raisedIn = new WeakMap();
  /** @type {{ e: unknown, frame: Frame } | undefined} the same for the first thrown primitive */
  let lastPrimitive;
  /** @type {Frame[]} calls entered and not left, innermost last (async calls interleave) */
  const active = [];

  function timeoutOutcome() {
    return /** @type {Outcome} */ ({
      status: 'timeout',
      exception: { type: 'LdbTimeout', message: `stopped at the time limit (${limits.timeoutMs} ms)` },
    });
  }
  const clock = () => {
    if (++events % CLOCK_EVERY !== 0) return;
    if (process.uptime() * 1000 - started > limits.timeoutMs) stopAt(timeoutOutcome());
    if (events > limits.maxEvents && recording) {
      recording = false;
      hits.push({
        limit: 'events',
        value: limits.maxEvents,
        detail: `tracing stopped after ${limits.maxEvents} hook calls`,
      });
    }
  };
  /**
   * @param {Getter} getter
   * @returns {Snapshot}
   */
  const snapshot = (getter) => {
    let scope;
    try {
      scope = getter();
    } catch {
      return {};
    }
    /** @type {Snapshot} */
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
  /**
   * @param {unknown} e
   * @param {{ file: string | undefined }} [only] the line in this file (the call's own)
   * @returns {ExceptionInfo}
   */
  const info = (e, only) => {
    let type;
    let message;
    /** @type {Place | undefined} */
    let where;
    if (e !== null && (typeof e === 'object' || typeof e === 'function')) {
      try {
        const n = /** @type {{ name?: unknown }} */ (e).name;
        type = typeof n === 'string' ? n : className(e);
      } catch {
        type = className(e);
      }
      const m = Object.getOwnPropertyDescriptor(e, 'message');
      message = m && typeof m.value === 'string' ? m.value : preview(e, valueLength);
      try {
        where = place(/** @type {{ stack?: unknown }} */ (e).stack, only);
      } catch {
        where = undefined;
      }
    } else {
      type = typeof e;
      message = preview(e, valueLength);
    }
    return { type, message, ...where };
  };
  /**
   * @param {Frame} frame
   * @param {Snapshot} after
   */
  const closeVisit = (frame, after) => {
    if (frame.cur && !frame.closed) {
      frame.cur.after = after;
      frame.closed = true;
    }
  };

  /** @type {Omit<Hooks, 'nodeTestModule' | 'nodeTest'>} */
  const api = {
    e(name, fallback, file) {
      clock();
      /** @type {Frame} */
      const frame = {
        name,
        file,
        call: calls++,
        depth: depth++,
        iterations: new Map(),
        cur: null,
        closed: true,
        fallback,
      };
      active.push(frame);
      return frame;
    },
    v(frame, id, getter) {
      clock();
      if (!on()) return;
      const snap = snapshot(getter);
      closeVisit(frame, snap);
      stream.settled(frame.cur);
      const iteration = frame.iterations.get(id) ?? 0;
      frame.iterations.set(id, iteration + 1);
      /** @type {Visit} */
      const visit = {
        block: id,
        function: frame.name,
        ...(frame.file !== undefined ? { file: frame.file } : {}),
        call: frame.call,
        depth: frame.depth,
        iteration,
        seq: stream.count(),
        before: snap,
        after: snap,
      };
      frame.cur = visit;
      frame.closed = false;
      stream.begun(visit);
      stream.maybeSend();
    },
    r(frame, getter, value) {
      if (on() && frame.cur && !frame.closed) {
        closeVisit(frame, snapshot(getter));
        frame.cur.returned = preview(value, valueLength);
      }
      return value;
    },
    t(frame, getter, value) {
      if (on() && frame.cur && !frame.closed) closeVisit(frame, snapshot(getter));
      return value;
    },
    x(frame, e) {
      if (e !== null && typeof e === 'object') {
        if (!raisedIn.has(e)) raisedIn.set(e, frame);
      } else if (lastPrimitive === undefined) lastPrimitive = { e, frame };
      if (!on() || !frame.cur || frame.cur.returned !== undefined) return;
      if (!frame.closed) closeVisit(frame, snapshot(frame.fallback));
      frame.cur.raised = info(e, frame);
    },
    end(frame, getter) {
      if (on() && frame.cur && !frame.closed) closeVisit(frame, snapshot(getter));
    },
    l(frame) {
      depth--;
      const at = active.lastIndexOf(frame);
      if (at >= 0) active.splice(at, 1);
      frame.closed = true;
      stream.settled(frame.cur);
      stream.maybeSend();
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
    async cmpAsync(actual, expected, check) {
      const a = await actual();
      state.actual = preview(a, valueLength * 8);
      const e = await expected();
      state.expected = preview(e, valueLength * 8);
      check(a, e);
    },
    truthy(value) {
      if (!value) throw new CheckFailed(`the expression is ${preview(value, valueLength)}`);
      return value;
    },
  };

  /**
   * The outcome of an exception that ended the test: AssertionError is a failure, anything else
   * an error, with the call it first left.
   * @param {unknown} e
   * @returns {Outcome}
   */
  function outcomeOf(e) {
    const frame =
      e !== null && typeof e === 'object'
        ? raisedIn.get(e)
        : lastPrimitive && lastPrimitive.e === e
          ? lastPrimitive.frame
          : undefined;
    // The line is in the file of the call the exception left, when it left one.
    const exception = info(e, frame);
    if (frame !== undefined) exception.function = frame.name;
    const failed =
      e !== null &&
      typeof e === 'object' &&
      (exception.type === 'AssertionError' ||
        Object.getOwnPropertyDescriptor(e, 'code')?.value === 'ERR_ASSERTION');
    return { status: failed ? 'failed' : 'error', exception };
  }

  /**
   * process.exit in the program: an error where it was called, as os._exit is for Python; the
   * calls still running end there, and their visits say so.
   * @param {string | number | null | undefined} code
   * @param {unknown} stack where it was called
   * @returns {Outcome}
   */
  function exitOutcome(code, stack) {
    const shown = code === undefined || code === null ? '' : String(code);
    const inner = active.at(-1);
    /** @type {ExceptionInfo} */
    const exception = {
      type: 'ProcessExit',
      message: `process.exit(${shown}) ended the program before the test did`,
      ...place(stack, inner),
      ...(inner !== undefined ? { function: inner.name } : {}),
    };
    for (const frame of active) {
      const visit = frame.cur;
      if (!recording || visit === null || visit.returned !== undefined || visit.raised !== undefined)
        continue;
      const { function: _fn, ...where } = exception;
      visit.raised = { ...where, ...place(stack, frame) };
    }
    return { status: 'error', exception };
  }

  return {
    api,
    state,
    /**
     * Runs `fn` without recording what it runs (the tests before the one traced).
     * @param {() => Promise<void>} fn
     */
    async quietly(fn) {
      paused++;
      try {
        await fn();
      } finally {
        paused--;
      }
    },
    outcomeOf,
    exitOutcome,
    timeoutOutcome,
    CheckFailed,
    /**
     * The final result: the outcome and the visits not yet sent settled.
     * @param {Outcome} outcome
     */
    result(outcome) {
      const out = { ...outcome };
      if (state.actual !== undefined) out.actual = state.actual;
      if (state.expected !== undefined) out.expected = state.expected;
      const count = stream.count();
      const half = Math.max(1, Math.floor(limits.maxVisits / 2));
      return {
        outcome: out,
        visits: stream.rest(),
        visitCount: count,
        droppedVisits: Math.max(0, count - 2 * half),
        limits: hits,
        nodeVersion: process.version,
      };
    },
  };
}

module.exports = { makeRecorder };
