// The ES-module face of the runtime's node:test (ldb_js_node_test.cjs), which the load hooks
// give a traced ES module that imports node:test.
const t = globalThis.__ldb.nodeTestModule;
export const { test, it, describe, suite, before, after, beforeEach, afterEach } = t;
export default t.test;
