// node:test as the traced program sees it: test(), it(), describe() and the hooks register what
// they are given, and the runtime runs the one test asked for (by the line of its call) with the
// before / beforeEach / afterEach / after hooks of its suites. Nothing is reported: the outcome is
// the runtime's.
'use strict';

function makeNodeTest(marker) {
  const newSuite = (parent) => ({ parent, before: [], after: [], beforeEach: [], afterEach: [] });
  const root = newSuite(null);
  let current = root;
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
  const parse = (args) => {
    let name = '';
    let fn;
    for (const a of args) {
      if (typeof a === 'function') fn = a;
      else if (typeof a === 'string') name = a;
    }
    return { name, fn };
  };
  const test = (...args) => {
    const { name, fn } = parse(args);
    registered.push({ line: callerLine(), name, fn, suite: current });
    return Promise.resolve();
  };
  const describe = (...args) => {
    const { fn } = parse(args);
    const suite = newSuite(current);
    const previous = current;
    current = suite;
    try {
      if (fn) fn();
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
  const hook = (kind) => (fn) => {
    current[kind].push(fn);
  };
  const call = (fn, ctx) =>
    fn.length >= 2
      ? new Promise((resolve, reject) => fn(ctx, (err) => (err ? reject(err) : resolve())))
      : Promise.resolve(fn(ctx));
  async function run(line) {
    const t = registered.find((r) => r.line === line);
    if (!t) throw new Error(`no node:test test was registered on line ${line}`);
    const chain = [];
    for (let s = t.suite; s; s = s.parent) chain.unshift(s);
    const ctx = {
      name: t.name,
      diagnostic() {},
      skip() {},
      todo() {},
      plan() {},
      test: (...args) => {
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
  const api = {
    test,
    it: test,
    describe,
    suite: describe,
    before: hook('before'),
    after: hook('after'),
    beforeEach: hook('beforeEach'),
    afterEach: hook('afterEach'),
    run,
    marker,
  };
  api.default = test;
  return api;
}

module.exports = { makeNodeTest };
