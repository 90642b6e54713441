// A run's folder goes once its process has ended, whatever the program left in it: nothing (one
// rmdir), files and folders (the whole tree), or nothing at all because it removed the folder.
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeRunFolder, removedAfter, removeRunFolder } from '../../../src/core/run/runFolder';

describe('run folders', () => {
  it('removes an empty folder', async () => {
    const dir = makeRunFolder('ldb-test-run-');
    await removeRunFolder(dir);
    assert.equal(existsSync(dir), false);
  });

  it('removes what the program left in it', async () => {
    const dir = makeRunFolder('ldb-test-run-');
    mkdirSync(join(dir, 'a', 'b'), { recursive: true });
    writeFileSync(join(dir, 'a', 'b', 'out.txt'), 'x');
    writeFileSync(join(dir, 'top.txt'), 'y');
    await removeRunFolder(dir);
    assert.equal(existsSync(dir), false);
  });

  it('resolves when the folder is gone already', async () => {
    const dir = makeRunFolder('ldb-test-run-');
    rmSync(dir, { recursive: true });
    await removeRunFolder(dir);
  });

  it('removes it after the process settled, rejected or not', async () => {
    const dir = makeRunFolder('ldb-test-run-');
    writeFileSync(join(dir, 'f'), '');
    await removedAfter(Promise.reject(new Error('no such program')), dir);
    assert.equal(existsSync(dir), false);
  });
});
