// Which shipped grammar reads a file, by extension. The parse layer can report syntax errors for
// every grammar the bundle ships, also for files whose language LDB cannot trace (yet): what it
// traces is up to the language supports (languages/registry.ts).
import * as path from 'node:path';
import type { Grammar } from './treeSitter';

interface GrammarChoice {
  grammar: Grammar;
  /** The language id a SourceFile of this grammar carries. */
  language: string;
}

const BY_EXTENSION: Record<string, GrammarChoice> = {
  '.py': { grammar: 'python', language: 'python' },
  '.pyw': { grammar: 'python', language: 'python' },
  '.pyi': { grammar: 'python', language: 'python' },
  '.js': { grammar: 'javascript', language: 'javascript' },
  '.mjs': { grammar: 'javascript', language: 'javascript' },
  '.cjs': { grammar: 'javascript', language: 'javascript' },
  '.jsx': { grammar: 'javascript', language: 'javascript' },
  '.ts': { grammar: 'typescript', language: 'typescript' },
  '.mts': { grammar: 'typescript', language: 'typescript' },
  '.cts': { grammar: 'typescript', language: 'typescript' },
  '.tsx': { grammar: 'tsx', language: 'typescript' },
};

export function grammarForPath(file: string): GrammarChoice | undefined {
  return BY_EXTENSION[path.extname(file).toLowerCase()];
}
