// Golden files: the expected output of a test lives in test/golden/<name>. They are compared
// strictly: a missing or different file fails. Only UPDATE_GOLDEN=1 writes them (new ones too);
// review the diff before committing.
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { REPO_ROOT } from './paths';

export const GOLDEN_DIR = join(REPO_ROOT, 'test', 'golden');

export function expectGolden(name: string, actual: string): void {
  const file = join(GOLDEN_DIR, name);
  const text = actual.endsWith('\n') ? actual : actual + '\n';
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    return;
  }
  if (!existsSync(file))
    assert.fail(`golden file test/golden/${name} is missing (UPDATE_GOLDEN=1 writes it)`);
  assert.equal(
    text,
    readFileSync(file, 'utf8'),
    `output differs from golden file test/golden/${name} (UPDATE_GOLDEN=1 to accept)`,
  );
}

export function expectGoldenJson(name: string, value: unknown): void {
  expectGolden(name, JSON.stringify(value, null, 2));
}
