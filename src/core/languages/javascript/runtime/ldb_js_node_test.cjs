// node:test as the traced program sees it: test(), it(), describe() and the hooks register what
// they are given, and the runtime runs the one test asked for (by the line of its call) with the
// before / beforeEach / afterEach / after hooks of its suites. The tests registered before it run
// first, as Node's runner runs them in order in one process (a test may count on what an earlier
// one left: a counter, a cache), their failures not stopping the next, as in Node; skipped and todo
// tests do not run. Nothing is reported: the outcome is the runtime's. `require('node:test')` is
// the test function itself, with the rest as its properties, as Node's is.
'use strict';

/** @typedef {import('./ldb_js_types').NodeTestModule} NodeTestModule */
/** @typedef {import('./ldb_js_types').TestHook} TestHook */
/**
 * @typedef {{
 *   parent: Suite | null;
 *   before: TestHook[];
 *   after: TestHook[];
 *   beforeEach: TestHook[];
 *   afterEach: TestHook[];
 *   skipped?: boolean;
 * }} Suite
 * @typedef {'before' | 'after' | 'beforeEach' | 'afterEach'} HookKind
 * @typedef {{ line: number, name: string, fn: TestHook | undefined, suite: Suite, skipped: boolean }} Registered
 * @typedef {((...args: unknown[]) => Promise<void>) & { skip?: unknown, only?: unknown, todo?: unknown }} Registrar
 */

/**
 * @param {string} marker how stack lines name the main file (its path, or its URL for an ES module)
 * @param {(fn: () => Promise<void>) => Promise<void>} quietly runs the tests before the one traced
 *   without recording them (the recorder's)
 * @returns {NodeTestModule}
 */
function makeNodeTest(marker, quietly) {
  /** @returns {Suite} */
  const newSuite = (/** @type {Suite | null} */ parent) => ({
    parent,
    before: [],
    after: [],
    beforeEach: [],
    afterEach: [],
  });
  const root = newSuite(null);
  let current = root;
  /** @type {Registered[]} */
  const registered = [];
  const callerLine = () => {
    for (const l of String(new Error().stack).split('\n')) {
      const at = l.lastIndexOf(marker);
      if (at < 0) continue;
      const m = /^:(\d+):\d+/.exec(l.slice(at + marker.length));
      if (m) return Number(m[1]);
    }
    return -1;
  };
  const parse = (/** @type {unknown[]} */ args) => {
    let name = '';
    /** @type {TestHook | undefined} */
    let fn;
    for (const a of args) {
      if (typeof a === 'function') fn = /** @type {TestHook} */ (a);
      else if (typeof a === 'string') name = a;
    }
    return { name, fn };
  };
  /** A test's options say it does not run: `{ skip: true }`, `{ todo: 'why' }`. */
  const skippedBy = (/** @type {unknown[]} */ args) =>
    args.some((a) => {
      if (typeof a !== 'object' || a === null) return false;
      const options = /** @type {{ skip?: unknown, todo?: unknown }} */ (a);
      return Boolean(options.skip) || Boolean(options.todo);
    });
  const register =
    (/** @type {boolean} */ skip) =>
    (/** @type {unknown[]} */ ...args) => {
      const { name, fn } = parse(args);
      registered.push({ line: callerLine(), name, fn, suite: current, skipped: skip || skippedBy(args) });
      return Promise.resolve();
    };
  /** @type {Registrar} */
  const test = register(false);
  const suiteOf =
    (/** @type {boolean} */ skip) =>
    (/** @type {unknown[]} */ ...args) => {
      const { fn } = parse(args);
      const suite = newSuite(current);
      suite.skipped = skip || skippedBy(args) || (current.skipped ?? false);
      const previous = current;
      current = suite;
      try {
        if (fn) /** @type {() => unknown} */ (fn)();
      } finally {
        current = previous;
      }
      return Promise.resolve();
    };
  /** @type {Registrar} */
  const describe = suiteOf(false);
  test.skip = register(true);
  test.todo = register(true);
  test.only = test;
  describe.skip = suiteOf(true);
  describe.todo = suiteOf(true);
  describe.only = describe;
  const hook = (/** @type {HookKind} */ kind) => (/** @type {TestHook} */ fn) => {
    current[kind].push(fn);
  };
  const call = (/** @type {TestHook} */ fn, /** @type {unknown} */ ctx) =>
    fn.length >= 2
      ? new Promise((resolve, reject) =>
          // The test's own error value, whatever it is: the outcome reports it as given.
          // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
          fn(ctx, (err) => (err ? reject(err) : resolve(undefined))),
        )
      : Promise.resolve(fn(ctx));
  /**
   * Runs the test registered on `line`, after those registered before it (their failures ignored,
   * as Node's runner goes on after a failing test). A suite's `before` hooks run when its first
   * test does, its `after` hooks once the asked-for test is done. A line that registered several
   * (a test() call in a loop over cases) runs them all in order, to the first that fails: the
   * others registered meanwhile run between them, quietly.
   * @param {number} line
   */
  async function run(line) {
    const index = registered.findIndex((r) => r.line === line);
    if (index < 0) throw new Error(`no node:test test was registered on line ${line}`);
    let last = index;
    for (let i = index; i < registered.length; i++) if (registered[i].line === line) last = i;
    /** @type {Suite[]} */
    const entered = [];
    /** Each test's own `t.mock`, made on first use and reset when the test ends, as in Node. */
    /** @type {{ reset(): void }[]} */
    const trackers = [];
    /**
     * A test's context `t`: its subtests (`t.test`, each with a context of its own), the hooks it
     * sets for them (`t.before`, `t.beforeEach`, `t.afterEach`) and for itself (`t.after`, run
     * once it ends: `finish`), and its own `t.mock`.
     * @param {string} name
     */
    const contextFor = (name) => {
      /** @type {{ reset(): void } | undefined} */
      let tracker;
      /** @type {Record<HookKind, TestHook[]>} */
      const hooks = { before: [], after: [], beforeEach: [], afterEach: [] };
      let beforeRan = false;
      const ctx = {
        name,
        diagnostic() {},
        skip() {},
        todo() {},
        plan() {},
        before: (/** @type {TestHook} */ fn) => void hooks.before.push(fn),
        after: (/** @type {TestHook} */ fn) => void hooks.after.push(fn),
        beforeEach: (/** @type {TestHook} */ fn) => void hooks.beforeEach.push(fn),
        afterEach: (/** @type {TestHook} */ fn) => void hooks.afterEach.push(fn),
        test: async (/** @type {unknown[]} */ ...args) => {
          const { name: subName, fn } = parse(args);
          if (!fn || skippedBy(args)) return;
          if (!beforeRan) {
            beforeRan = true;
            for (const h of hooks.before) await call(h, ctx);
          }
          const sub = contextFor(subName);
          for (const h of hooks.beforeEach) await call(h, sub.ctx);
          try {
            await call(fn, sub.ctx);
          } finally {
            await sub.finish();
            for (const h of hooks.afterEach) await call(h, sub.ctx);
          }
        },
        get mock() {
          if (tracker === undefined) {
            const MockTracker = /** @type {new () => { reset(): void }} */ (realMock().constructor);
            tracker = new MockTracker();
            trackers.push(tracker);
          }
          return tracker;
        },
      };
      const finish = async () => {
        for (const h of hooks.after.splice(0)) await call(h, ctx);
      };
      return { ctx, finish };
    };
    const resetMocks = () => {
      for (const tracker of trackers.splice(0)) tracker.reset();
    };
    const runOne = async (/** @type {Registered} */ t) => {
      /** @type {Suite[]} */
      const chain = [];
      for (let s = /** @type {Suite | null} */ (t.suite); s; s = s.parent) chain.unshift(s);
      const { ctx, finish } = contextFor(t.name);
      for (const s of chain)
        if (!entered.includes(s)) {
          entered.push(s);
          for (const h of s.before) await call(h, ctx);
        }
      for (const s of chain) for (const h of s.beforeEach) await call(h, ctx);
      try {
        if (t.fn) await call(t.fn, ctx);
      } finally {
        try {
          await finish();
          for (const s of [...chain].reverse()) for (const h of s.afterEach) await call(h, ctx);
        } finally {
          resetMocks();
        }
      }
    };
    const runsOthers = async (/** @type {Registered[]} */ others) =>
      quietly(async () => {
        for (const other of others) {
          if (other.skipped || other.suite.skipped) continue;
          try {
            await runOne(other);
          } catch {
            // a failing earlier test: Node's runner goes on to the next
          }
        }
      });
    await runsOthers(registered.slice(0, index));
    const chosen = registered[index];
    try {
      for (let i = index; i <= last; i++) {
        const t = registered[i];
        if (t.line !== line) await runsOthers([t]);
        else if (!t.skipped && !t.suite.skipped) await runOne(t);
      }
    } finally {
      const { ctx } = contextFor(chosen.name);
      for (const s of [...entered].reverse()) for (const h of s.after) await call(h, ctx);
    }
  }
  const api = Object.assign(test, {
    test,
    default: test,
    it: test,
    describe,
    suite: describe,
    before: hook('before'),
    after: hook('after'),
    beforeEach: hook('beforeEach'),
    afterEach: hook('afterEach'),
    run,
  });
  // Node's own mock tracker (mock.fn, mock.method, mock.timers): node:test loads only if it is used
  // (~17 ms).
  return /** @type {NodeTestModule} */ (
    Object.defineProperty(api, 'mock', { enumerable: true, get: realMock })
  );
}

/** Node's node:test `mock`: its MockTracker works outside Node's runner too. */
function realMock() {
  return /** @type {{ mock: { constructor: unknown } }} */ (require('node:test')).mock;
}

module.exports = { makeNodeTest };
