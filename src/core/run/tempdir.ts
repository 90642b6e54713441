// Each run gets a fresh directory under the system temp dir: the child's cwd (files the program
// writes land there) and where the runtime's config and result live. It is removed afterwards.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'ldb-run-'));
  try {
    return await fn(dir);
  } finally {
    // force: the program may have made files read-only or deleted the directory itself.
    await rm(dir, { recursive: true, force: true, maxRetries: 2 }).catch(() => undefined);
  }
}
