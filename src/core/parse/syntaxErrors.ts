// Syntax errors from a tree-sitter tree, for any grammar: tree-sitter recovers from errors and
// marks them with ERROR and MISSING nodes. Messages read "syntax error at LINE:COL: detail", with
// 1-based lines and columns counted in characters, as editors and CPython show them.
import type { Node } from 'web-tree-sitter';
import type { SyntaxProblem } from '../model';
import { preorder } from './walk';

/** After the first few problems, error-recovery noise dominates: this many are reported at most. */
const MAX_PROBLEMS = 20;

/** A language's own check of a node the grammar accepted: a detail when the language rejects it. */
export type ExtraCheck = (node: Node, ancestors: readonly Node[]) => Problem | undefined;

/** A language's better reading of an ERROR node than "invalid syntax" at its start, if it has one. */
export type ErrorReader = (error: Node) => Problem | undefined;

export interface Problem {
  /** Index in the text (UTF-16 code units, as tree-sitter gives them). */
  index: number;
  detail: string;
  /** Where the text the problem covers ends (an ERROR node's end), when it covers more than a point. */
  end?: number;
}

export interface SyntaxErrorOptions {
  extraCheck?: ExtraCheck;
  /** Which subtrees without errors the extra check must see (subtrees with errors are always entered). */
  descend?: (node: Node, ancestors: readonly Node[]) => boolean;
  /** In a file without errors, the only node types the extra check and `descend` need to see. */
  cleanTypes?: (type: string) => boolean;
  readError?: ErrorReader;
}

/** Syntax problems, the one CPython would report first (as far as we can tell) first. */
export function treeSyntaxErrors(
  root: Node,
  text: string,
  options: SyntaxErrorOptions = {},
): SyntaxProblem[] {
  const { extraCheck, readError, descend, cleanTypes } = options;
  // `hasError` is cached on the tree: a clean file with no extra check costs nothing.
  if (!root.hasError && !extraCheck) return [];
  const found: Problem[] = [];
  const brackets: Node[] = [];
  const broken = root.hasError; // else no node is ERROR or MISSING and brackets balance
  const wanted = broken ? undefined : cleanTypes;
  preorder(
    root,
    (node, ancestors) => {
      if (!broken) {
        const problem = extraCheck?.(node, ancestors);
        if (problem) found.push(problem);
        return descend?.(node, ancestors) ?? false;
      }
      if (node.isMissing) {
        found.push({ index: node.startIndex, detail: `missing ${describeMissing(node)}` });
        return false;
      }
      if (node.isError) {
        const read = readError?.(node) ?? {
          index: node.startIndex,
          detail: `invalid syntax near ${quoteSnippet(node.text)}`,
        };
        found.push({ ...read, end: node.endIndex });
        // Errors nested in an error are the same mistake seen again by the recovery; brackets count still.
        preorder(node, (inner) => {
          if (BRACKETS.has(inner.type) && !inner.isMissing) brackets.push(inner);
          return true;
        });
        return false;
      }
      if (BRACKETS.has(node.type)) brackets.push(node);
      const problem = extraCheck?.(node, ancestors);
      if (problem) found.push(problem);
      // A subtree without errors has balanced brackets: skipping it loses none that matter.
      return node.hasError || (descend?.(node, ancestors) ?? false);
    },
    wanted,
  );
  found.sort((a, b) => a.index - b.index);
  const bracket = broken ? unbalancedBracket(brackets) : undefined;
  // Tree-sitter starts an ERROR where recovery began, often before the bracket that caused it;
  // CPython reports the bracket. A bracket inside the first error's text therefore comes first.
  const first = found[0];
  if (bracket && first && bracket.index <= (first.end ?? first.index)) found.unshift(bracket);
  else if (bracket) {
    const after = found.findIndex((p) => p.index > bracket.index);
    found.splice(after === -1 ? found.length : after, 0, bracket);
  }
  const positions = new LineIndex(text);
  const problems: SyntaxProblem[] = [];
  const seen = new Set<number>();
  for (const { index, detail } of found) {
    if (seen.has(index)) continue;
    seen.add(index);
    const { line, column } = positions.position(index);
    problems.push({ message: `syntax error at ${line}:${column}: ${detail}`, line, column });
    if (problems.length === MAX_PROBLEMS) break;
  }
  return problems;
}

const BRACKETS = new Map([
  ['(', ')'],
  ['[', ']'],
  ['{', '}'],
  [')', ''],
  [']', ''],
  ['}', ''],
]);

/** The first bracket that closes nothing or does not match, else the last one never closed. */
function unbalancedBracket(tokens: Node[]): Problem | undefined {
  tokens.sort((a, b) => a.startIndex - b.startIndex);
  const open: Node[] = [];
  for (const token of tokens) {
    const closer = BRACKETS.get(token.type);
    if (closer) {
      open.push(token);
      continue;
    }
    const top = open.pop();
    if (!top) return { index: token.startIndex, detail: `unmatched '${token.type}'` };
    if (BRACKETS.get(top.type) !== token.type) {
      return { index: token.startIndex, detail: `'${token.type}' does not match '${top.type}'` };
    }
  }
  const last = open.pop();
  return last && { index: last.startIndex, detail: `'${last.type}' was never closed` };
}

function describeMissing(node: Node): string {
  // A missing token is named by its text (`")"`); a missing named node by its type (`identifier`).
  return node.isNamed ? node.type.replace(/_/g, ' ') : quoteSnippet(node.type);
}

function quoteSnippet(text: string): string {
  const line = (text.split(/\r?\n/, 1)[0] ?? '').trim();
  return JSON.stringify(line.length > 30 ? `${line.slice(0, 30)}...` : line || 'end of line');
}

/**
 * Converts tree-sitter's indices (UTF-16 code units into the string we parsed) to 1-based lines
 * and character columns: an astral character counts once, as in CPython's offsets.
 */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  position(index: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? Infinity) <= index) lo = mid;
      else hi = mid - 1;
    }
    const column = [...this.text.slice(this.starts[lo], index)].length + 1;
    return { line: lo + 1, column };
  }
}
