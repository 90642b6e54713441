// The ES-module face of the runtime's node:test (ldb_js_node_test.cjs), which the load hooks
// give a traced ES module that imports node:test.
const t = globalThis.__ldb.nodeTestModule;
export const { test, it, describe, suite, before, after, beforeEach, afterEach } = t;
export const { skip, todo, only } = t;
export default t.test;
// `import { mock } from 'node:test'` must not load node:test for every file that imports it: the
// tracker is reached on first use.
export const mock = new Proxy(
  {},
  {
    get(_, key) {
      const real = t.mock;
      /** @type {unknown} */
      const value = real[key];
      if (typeof value !== 'function') return value;
      /** @type {unknown} */
      const bound = value.bind(real);
      return bound;
    },
  },
);
