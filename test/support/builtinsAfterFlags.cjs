// Preloaded into `ldb` (NODE_OPTIONS=--require) by test/unit/cli/shortCommandV8.test.ts: at exit,
// writes to the file named by LDB_TEST_BUILTINS_OUT the Node modules the process loaded after its
// first V8 flag was set (JSON; null when no flag was set).
const v8 = require('node:v8');
const { writeFileSync } = require('node:fs');

/** What Node has loaded so far, in order ("NativeModule fs/promises", ...): undocumented, stable since Node 0.x. */
const loaded = () =>
  /** @type {{ moduleLoadList: string[] }} */ (/** @type {unknown} */ (process)).moduleLoadList;

/** @type {Set<string> | undefined} */
let atFirstFlag;
const setFlags = v8.setFlagsFromString;
v8.setFlagsFromString = (flags) => {
  atFirstFlag ??= new Set(loaded());
  return setFlags(flags);
};
process.on('exit', () => {
  const before = atFirstFlag;
  const after = before ? loaded().filter((m) => !before.has(m)) : null;
  writeFileSync(process.env.LDB_TEST_BUILTINS_OUT ?? 'builtins.json', JSON.stringify(after));
});
