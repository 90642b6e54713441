// Reads a JSON file as the shape the caller declares (`/** @type {Shape} */ const x = readJson(f)`).
// JSON.parse returns `any`; this is the one place the scripts vouch for a file's shape, as `as T`
// does in TypeScript (a JSDoc cast on JSON.parse itself is invisible to ESLint's type rules).
import { readFileSync } from 'node:fs';

/**
 * @template T
 * @param {string} file
 * @returns {T}
 */
export function readJson(file) {
  /** @type {unknown} */
  const value = JSON.parse(readFileSync(file, 'utf8'));
  return /** @type {T} */ (value);
}
