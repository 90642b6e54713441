import { join } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..');
/** The built bundle: tests use the same wasm files and Python runtime that ship. `npm test` builds first. */
export const DIST_DIR = join(REPO_ROOT, 'dist');
export const FIXTURES_DIR = join(REPO_ROOT, 'test', 'fixtures');
export const PYTHON_FIXTURES = join(FIXTURES_DIR, 'python');
/** LDB's data, the repository's own copy (data/ldb, with its license and provenance). */
export const LDB_DATA_DIR = process.env.LDB_DATA_DIR ?? join(REPO_ROOT, 'data', 'ldb');
