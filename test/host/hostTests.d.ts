// The virtual module that scripts/vscode/buildHostTests.mjs generates while bundling: every
// test/host/**/*.test.ts, required in a stable order once Mocha's globals are in place.
declare module 'ldb:host-tests' {
  /** The test files bundled in, relative to test/host/. */
  export const hostTestFiles: readonly string[];
  /** Runs the test files' top level, which registers their suites with Mocha. */
  export function loadHostTests(onFile: (file: string) => void): void;
}
