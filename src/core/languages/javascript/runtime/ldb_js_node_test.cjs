// node:test as the traced program sees it: test(), it(), describe() and the hooks register what
// they are given, and the runtime runs the one test asked for (by the line of its call) with the
// before / beforeEach / afterEach / after hooks of its suites. Nothing is reported: the outcome is
// the runtime's.
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
 * }} Suite
 * @typedef {'before' | 'after' | 'beforeEach' | 'afterEach'} HookKind
 * @typedef {{ line: number, name: string, fn: TestHook | undefined, suite: Suite }} Registered
 * @typedef {((...args: unknown[]) => Promise<void>) & { skip?: unknown, only?: unknown, todo?: unknown }} Registrar
 */

/**
 * @param {string} marker how stack lines name the main file (its path, or its URL for an ES module)
 * @returns {NodeTestModule}
 */
function makeNodeTest(marker) {
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
  /** @type {Registrar} */
  const test = (...args) => {
    const { name, fn } = parse(args);
    registered.push({ line: callerLine(), name, fn, suite: current });
    return Promise.resolve();
  };
  /** @type {Registrar} */
  const describe = (...args) => {
    const { fn } = parse(args);
    const suite = newSuite(current);
    const previous = current;
    current = suite;
    try {
      if (fn) /** @type {() => unknown} */ (fn)();
    } finally {
      current = previous;
    }
    return Promise.resolve();
  };
  for (const f of [test, describe]) {
    f.skip = f;
    f.only = f;
    f.todo = f;
  }
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
  /** @param {number} line */
  async function run(line) {
    const t = registered.find((r) => r.line === line);
    if (!t) throw new Error(`no node:test test was registered on line ${line}`);
    /** @type {Suite[]} */
    const chain = [];
    for (let s = /** @type {Suite | null} */ (t.suite); s; s = s.parent) chain.unshift(s);
    const ctx = {
      name: t.name,
      diagnostic() {},
      skip() {},
      todo() {},
      plan() {},
      test: (/** @type {unknown[]} */ ...args) => {
        const { fn } = parse(args);
        return fn ? call(fn, ctx) : Promise.resolve();
      },
    };
    for (const s of chain) for (const h of s.before) await call(h, ctx);
    for (const s of chain) for (const h of s.beforeEach) await call(h, ctx);
    try {
      if (t.fn) await call(t.fn, ctx);
    } finally {
      for (const s of [...chain].reverse()) for (const h of s.afterEach) await call(h, ctx);
      for (const s of [...chain].reverse()) for (const h of s.after) await call(h, ctx);
    }
  }
  /** @type {NodeTestModule} */
  const api = {
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
  };
  return api;
}

module.exports = { makeNodeTest };
