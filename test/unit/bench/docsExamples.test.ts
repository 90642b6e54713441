// The runner files of docs/examples (a GitHub Actions workflow, Kubernetes Jobs) are shown whole in
// docs/reproducing-ldb.md: the copy in the text must be the file, and the workflow must not sit
// where this repository's own CI would run it.
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../support/paths';

const EXAMPLES = join(REPO_ROOT, 'docs', 'examples');

describe('docs/examples: the shard runners', () => {
  const doc = readFileSync(join(REPO_ROOT, 'docs', 'reproducing-ldb.md'), 'utf8');
  const files = readdirSync(EXAMPLES).filter((f) => /\.ya?ml$/.test(f));

  it('has the workflow and both Kubernetes Jobs', () => {
    assert.deepEqual(files.sort(), [
      'ldb-bench-merge.k8s.yaml',
      'ldb-bench-shards.k8s.yaml',
      'ldb-bench-shards.yml',
    ]);
  });

  for (const file of files) {
    it(`${file} appears whole in docs/reproducing-ldb.md`, () => {
      const text = readFileSync(join(EXAMPLES, file), 'utf8');
      assert.ok(
        doc.includes('```yaml\n' + text + '```\n'),
        `the copy of ${file} in the text differs from the file`,
      );
      assert.ok(doc.includes(`(examples/${file})`), `no link to ${file}`);
    });
  }

  it('keeps the workflow out of .github/workflows', () => {
    assert.equal(existsSync(join(REPO_ROOT, '.github', 'workflows', 'ldb-bench-shards.yml')), false);
  });
});
