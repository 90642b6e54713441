// Golden files: the expected output of a test lives in test/golden/<name>. A missing golden file is
// written on first run; UPDATE_GOLDEN=1 rewrites all of them. Review the diff before committing.
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { REPO_ROOT } from './paths';

export const GOLDEN_DIR = join(REPO_ROOT, 'test', 'golden');

export function expectGolden(name: string, actual: string): void {
  const file = join(GOLDEN_DIR, name);
  const text = actual.endsWith('\n') ? actual : actual + '\n';
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) {
    if (process.env.CI && !existsSync(file))
      assert.fail(`golden file ${name} is missing (run with UPDATE_GOLDEN=1 and commit it)`);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    return;
  }
  assert.equal(
    text,
    readFileSync(file, 'utf8'),
    `output differs from golden file test/golden/${name} (UPDATE_GOLDEN=1 to accept)`,
  );
}

export function expectGoldenJson(name: string, value: unknown): void {
  expectGolden(name, JSON.stringify(value, null, 2));
}
