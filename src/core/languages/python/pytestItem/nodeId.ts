// What a pytest node id looks like, apart from running one: the CLI asks before anything is loaded.

/** A pytest node id: a .py path, `::`, then the test (its class, name, parameters). */
export function isPytestNodeId(text: string): boolean {
  return /^[^\s:]+\.py::\S[^\n]*$/.test(text.trim());
}
