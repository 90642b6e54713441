// Python's syntax errors. Tree-sitter's ERROR and MISSING nodes are not all of them: the grammar
// also accepts Python 2 forms (print and exec statements, `<>`, backquotes), empty blocks, and statements out
// of context (`return` outside a function, `break` outside a loop) that CPython rejects when it
// compiles the file. Those are reported too, so that a file we call clean is one CPython will run.
import type { Node } from 'web-tree-sitter';
import type { SyntaxProblem } from '../../model';
import { treeSyntaxErrors, type Problem } from '../../parse/syntaxErrors';
import { HOLDS_STATEMENTS } from './functions';

export function pythonSyntaxErrors(root: Node, text: string): SyntaxProblem[] {
  // `<>` and backquotes hide inside expressions; most files have neither, and then only the
  // statement structure (and any expression holding `yield` outside a function) is walked.
  const everything = text.includes('<>') || text.includes('`');
  const yields = text.includes('yield');
  return treeSyntaxErrors(root, text, {
    cleanTypes: everything || yields ? undefined : (type) => HOLDS_STATEMENTS.has(type) || CHECKED.has(type),
    descend: (node, ancestors) =>
      everything ||
      HOLDS_STATEMENTS.has(node.type) ||
      (yields && !insideFunction(ancestors) && node.text.includes('yield')),
    extraCheck: (node, ancestors) => {
      const type = node.type;
      // An empty block is an error of its own only where the statement around it parsed: when an
      // ERROR swallowed the body, that ERROR is the one to report.
      if (type === 'block') {
        return isEmptyBlock(node) && !node.parent?.hasError
          ? { index: nextTokenIndex(node), detail: 'expected an indented block' }
          : undefined;
      }
      const detail = python3Rejects(node, ancestors);
      return detail === undefined ? undefined : { index: node.startIndex, detail };
    },
    readError: missingColon,
  });
}

const COMPOUND_KEYWORDS = new Set([
  'if',
  'elif',
  'else',
  'for',
  'while',
  'def',
  'class',
  'with',
  'try',
  'except',
  'finally',
  'async',
  'match',
  'case',
]);

/**
 * `for v in values` without its colon: tree-sitter makes the header and what follows one ERROR;
 * CPython says "expected ':'" at the end of the header line, and so do we.
 */
function missingColon(error: Node): Problem | undefined {
  const first = error.child(0);
  if (!first || !COMPOUND_KEYWORDS.has(first.type)) return undefined;
  const row = first.startPosition.row;
  let end = first.endIndex;
  for (const child of error.children) {
    if (!child || child.startPosition.row !== row) break;
    if (child.type === ':') return undefined;
    end = child.endIndex;
  }
  return { index: end, detail: "expected ':'" };
}

/** No statement, at most comments. */
function isEmptyBlock(block: Node): boolean {
  if (block.namedChildCount === 0) return true;
  if (block.firstNamedChild?.type !== 'comment') return false;
  return block.namedChildren.every((c) => c?.type === 'comment');
}

/** Where the statement that should have been indented starts: the first token after `node`. */
function nextTokenIndex(node: Node): number {
  for (let n: Node | null = node; n; n = n.parent) {
    const next = n.nextSibling;
    if (next) return next.startIndex;
  }
  return node.endIndex;
}

const SCOPES = new Set(['function_definition', 'class_definition', 'lambda']);
/** Statements python3Rejects looks at (expressions aside). */
const CHECKED = new Set([
  'print_statement',
  'exec_statement',
  'return_statement',
  'break_statement',
  'continue_statement',
]);
const LOOPS = new Set(['for_statement', 'while_statement']);

function python3Rejects(node: Node, ancestors: readonly Node[]): string | undefined {
  switch (node.type) {
    case 'print_statement':
      return 'Python 2 print statement (use print(...))';
    case 'exec_statement':
      return 'Python 2 exec statement (use exec(...))';
    case '<>':
      return "Python 2 operator '<>' (use '!=')";
    case 'string': // the grammar reads Python 2 backquotes as a string (often a stray ``` fence)
      return node.text.startsWith('`') ? 'invalid syntax near "`"' : undefined;
    case 'return_statement':
      return insideFunction(ancestors) ? undefined : "'return' outside function";
    case 'yield':
      return insideFunction(ancestors) ? undefined : "'yield' outside function";
    case 'break_statement':
    case 'continue_statement':
      return insideLoop(ancestors) ? undefined : `'${node.type.split('_')[0]}' outside loop`;
    default:
      return undefined;
  }
}

/** The nearest enclosing scope is a function (a class body is not one). */
function insideFunction(ancestors: readonly Node[]): boolean {
  for (const ancestor of [...ancestors].reverse()) {
    const type = ancestor.type;
    if (type === 'function_definition' || type === 'lambda') return true;
    if (type === 'class_definition') return false;
  }
  return false;
}

/** A loop's body (not its else clause) encloses the statement, with no function or class between. */
function insideLoop(ancestors: readonly Node[]): boolean {
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const node = ancestors[i];
    if (!node || SCOPES.has(node.type)) return false;
    if (LOOPS.has(node.type)) {
      const child = ancestors[i + 1];
      const body = node.childForFieldName('body');
      if (child && body && child.id === body.id) return true;
    }
  }
  return false;
}
