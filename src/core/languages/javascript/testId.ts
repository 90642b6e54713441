// A test of another JavaScript / TypeScript file, as `--test` takes it: `PATH::ID`, the file's
// path (relative to the project root) and the id `ldb tests` gives the test there, or its name.
// Apart from collectedRun.ts, which runs it, so that the CLI's launcher can tell one cheaply.
import { SCRIPT_EXTENSIONS } from './imports';

const SCRIPT = SCRIPT_EXTENSIONS.map((e) => e.slice(1)).join('|');
const TEST_ID = new RegExp(`^[^\\s:]+\\.(?:${SCRIPT})::\\S[^\\n]*$`, 'i');

export function isJsTestId(text: string): boolean {
  return TEST_ID.test(text.trim());
}
