// A JavaScript / TypeScript fixture traced as `ldb trace FILE` traces it, in process: its test
// (the one given, else the first that does not pass), the entry, and the run.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import type { RunResult, SourceFile, TestCase } from '../../src/core/model';
import { withDefaults } from '../../src/core/settings';
import {
  firstFailingTest,
  loadProgram,
  resolveEntry,
  resolveTest,
  runTest,
} from '../../src/core/trace/tracing';
import { DIST_DIR } from './paths';

const assets = { dir: DIST_DIR };
const settings = withDefaults({ timeoutMs: 5000 });

export async function tracedJs(
  dir: string,
  file: string,
  given?: string,
): Promise<{ source: SourceFile; test: TestCase; run: RunResult; entry: string }> {
  const source = await loadProgram({ path: join(dir, file), assets });
  const picked = given ?? (await firstFailingTest(source, { settings, assets }));
  assert.ok(picked !== undefined, 'a test to run');
  const test = await resolveTest(source, picked, 0, assets);
  const entry = resolveEntry(source, undefined, test).qualifiedName;
  return { source, test, entry, run: await runTest({ source, test, settings, assets }) };
}

/** A run's status, the first line of its exception's message, and the line it names. */
export const failure = (r: RunResult) => [
  r.outcome.status,
  r.outcome.exception?.message.split('\n')[0],
  r.outcome.exception?.line,
];
