// The bundle that carries TypeScript's parser (dist/javascript/ldb_ts_strip.cjs, 3.5 MB, built from
// tsStripBundle.mts): loaded once, when a TypeScript file first needs it, and by a short CLI command
// from V8's code cache (run/codeCache.ts: 270 ms -> 55 ms).
import { join } from 'node:path';
import { requireCached } from '../../run/codeCache';
import type { TsNode } from './lowerTypeScript';

export interface TsStripper {
  /** ts-blank-space: every type replaced by spaces; what does not erase is passed to onError. */
  default(text: string, onError?: (node: TsNode) => void): string;
  /** The text with its types erased, or undefined when TypeScript's parser finds a syntax error. */
  erasedTwin(text: string): string | undefined;
}

let loaded: TsStripper | undefined;

export function tsStripper(assetsDir: string): TsStripper {
  loaded ??= requireCached(join(assetsDir, 'javascript', 'ldb_ts_strip.cjs'), 'ts-strip') as TsStripper;
  return loaded;
}
