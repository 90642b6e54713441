// The tests tool of the agent faces: the same listTests `ldb tests` calls, on a path held to the
// allowed folders, rendered as `ldb tests` prints it (text, and the `--json` object). A folder or a
// test file is also collected by the project's test runner (pytest), which imports the test
// modules: that is a run, in the same sandbox and limits as every other.
import { badInput } from '../errors';
import type { Settings } from '../settings';
import { listTests, type TestListing } from '../tests/listTests';
import { testsJson, testsText } from '../tests/listingText';
import type { Assets } from '../trace/tracing';
import { folderHolding, resolveInFolders } from './allowedPaths';

export interface TestsToolResult {
  /** The path as resolved (absolute), which the agent can pass back to the trace tool. */
  target: string;
  listing: TestListing;
}

export function readTestsInput(raw: unknown): { path: string } {
  const path = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>).path : undefined;
  if (typeof path !== 'string' || path.trim() === '') {
    throw badInput('tests: path is required (a Python file or a folder)');
  }
  return { path };
}

export async function runTestsTool(
  input: { path: string },
  run: { folders: readonly string[]; settings: Settings; assets: Assets; signal?: AbortSignal },
): Promise<TestsToolResult> {
  const target = resolveInFolders(input.path, run.folders);
  const listing = await listTests({
    target,
    settings: run.settings,
    assets: run.assets,
    cwd: folderHolding(target, run.folders),
    ...(run.signal ? { signal: run.signal } : {}),
  });
  return { target, listing };
}

export function testsToolText(result: TestsToolResult): string {
  return `${result.target}\n${testsText(result.target, result.listing)}`;
}

export function testsToolJson(result: TestsToolResult): ReturnType<typeof testsJson> {
  return testsJson(result.target, result.listing);
}
