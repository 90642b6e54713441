// The copy of a program the JavaScript runtime runs: the original text with calls to the recorder
// inserted at the block boundaries the segmenter found, every insertion on the line where it goes,
// so each line keeps its number (errors and stack frames report the user's lines). The original
// file is never written. Each traced function gets, inside its body:
//
//   const __ldb$c = __ldb.e("f", <params and vars>); try { ... __ldb.end(__ldb$c, <scope>) }
//   catch (__ldb$e) { __ldb.x(__ldb$c, __ldb$e); throw __ldb$e } finally { __ldb.l(__ldb$c) }
//
// each block a hook `__ldb.v(__ldb$c, "f#2", () => ({...}))` where control enters it (blocks.ts
// says where; at level line, each statement gets one too, `"f@L7"`), each `return X` / `throw X`
// a call that records the value and the variables on the way out. A file imported by the one that
// holds the test names itself in `__ldb.e` (its path relative to the project root), so its visits
// say their file. In the file that holds the test, its own top-level tests are blanked out
// (spaces, newlines kept) and the one to run is appended after the last line, inside the module,
// so it sees the module's bindings.
import type { Node, Parser } from 'web-tree-sitter';
import type { SourceFile, TestCase } from '../../model';
import { preorder } from '../../parse/walk';
import { lineToBlockByFunction } from '../python/lineMap';
import { jsBlocks, type Site } from './blocks';
import { discoverJsTests } from './discoverTests';
import { WHOLE_FILE_TEST_ID } from './wholeFileTest';
import { findJsFunctions, isFunctionNode, type JsFunction } from './functions';
import { functionVars, getterText, visibleAt } from './scope';
import { assertion, statementCall } from './testShapes';

interface Insert {
  at: number;
  text: string;
  /** Closing text goes before opening text at the same place; inner closings first. */
  closing: boolean;
  seq: number;
}

const STATEMENT_LISTS = new Set([
  'statement_block',
  'program',
  'switch_case',
  'switch_default',
  'class_static_block',
]);

export interface Instrumented {
  code: string;
  /** The line of the node:test call to run, when the test is one. */
  nodeTestLine?: number;
}

export interface InstrumentOptions {
  /** False copies the functions as they are (a plain run, or a test file whose module is traced). */
  traced: boolean;
  /** What a hook marks: a block, or (level line) a statement's first line. */
  unit: 'block' | 'line';
  /** The file's path relative to the project root, when its visits must say their file. */
  file?: string;
  /** Functions left as they are (by qualified name): a test harness in a traced file. */
  skip?: ReadonlySet<string>;
}

type Add = (at: number, text: string, closing?: boolean) => void;

/**
 * The copy that runs: hooks in every function (when traced) and, when `test` is given, the file's
 * own tests blanked and that one appended. Without a test the file is a module the test's file
 * imports: it runs as it is written, its top-level code included.
 */
export function instrument(
  root: Node,
  parser: Parser,
  source: SourceFile,
  test: TestCase | undefined,
  options: InstrumentOptions,
): Instrumented {
  const inserts: Insert[] = [];
  let seq = 0;
  const add: Add = (at, text, closing = false) => inserts.push({ at, text, closing, seq: seq++ });
  const functions = findJsFunctions(root);
  const lines = options.unit === 'line' ? lineToBlockByFunction(source, 'line') : undefined;
  if (options.traced)
    for (const fn of functions)
      if (!options.skip?.has(fn.info.qualifiedName))
        instrumentFunction(fn, add, options.file, lines?.[fn.info.qualifiedName]);
  if (test === undefined) return { code: apply(source.text, inserts, []) };

  const nodes = new Map<string, { node: Node; nodeTest: boolean }>();
  discoverJsTests(root, source, functions, nodes);
  const chosen = nodes.get(test.id);
  const runsChosen = chosen !== undefined && test.origin !== 'given';
  // The file's own tests would all run when the module loads: the chosen one and those after it
  // are blanked out, and the chosen one runs by itself after the module. Those before it stay, as
  // plain Node runs them first (a test may count on what an earlier one did), and a given test
  // runs with none of them. node:test calls stay: they only register their test.
  const from = runsChosen ? chosen.node.startIndex : -1;
  const blanks: [number, number][] = [];
  // The whole file runs as it is: nothing of it is blanked, and its test adds nothing after it.
  if (test.id !== WHOLE_FILE_TEST_ID)
    for (const { node, nodeTest } of nodes.values())
      if (!nodeTest && node.startIndex >= from) blanks.push([node.startIndex, node.endIndex]);
  if (runsChosen && test.origin === 'assert') blanks.push(...statementsAfter(root, chosen.node, blanks));

  let code = apply(source.text, inserts, blanks);
  let nodeTestLine: number | undefined;
  if (runsChosen && chosen.nodeTest) nodeTestLine = test.line;
  const body =
    nodeTestLine !== undefined ? `return __ldb.nodeTest(${nodeTestLine})` : testBody(test, parser, source);
  code += `\n;__ldb.setTest(async()=>{${body}\n});\n`;
  return { code, ...(nodeTestLine !== undefined ? { nodeTestLine } : {}) };
}

/** Declarations that are in place before any statement runs: they stay whatever comes before them. */
const HOISTED =
  /^(function_declaration|generator_function_declaration|class_declaration|import_statement|empty_statement|comment)$/;

/**
 * The top-level statements after the one holding a chosen assert, but declarations: plain Node
 * stops at a failing assert, so what comes after it (`items.push(2)` between two asserts) must not
 * run before it does, as it would if it stayed (the assert runs appended after the module). Those
 * holding a blanked range already are left to it.
 */
function statementsAfter(root: Node, chosen: Node, blanks: [number, number][]): [number, number][] {
  let top: Node | null = chosen;
  while (top?.parent && top.parent.type !== 'program') top = top.parent;
  if (!top) return [];
  const out: [number, number][] = [];
  for (const statement of root.namedChildren) {
    if (!statement || statement.startIndex <= top.startIndex || HOISTED.test(statement.type)) continue;
    const declares = statement.type === 'export_statement' && statement.childForFieldName('declaration');
    if (declares && HOISTED.test(declares.type)) continue;
    if (blanks.some(([a, b]) => a < statement.endIndex && statement.startIndex < b)) continue;
    out.push([statement.startIndex, statement.endIndex]);
  }
  return out;
}

function instrumentFunction(
  fn: JsFunction,
  add: Add,
  file: string | undefined,
  lineUnits: Record<number, string> | undefined,
): void {
  const { node, body, info } = fn;
  const { blocks, sites } = jsBlocks(fn);
  const vars = functionVars(node);
  const getter = (at: Node) => getterText(visibleAt(node, info.params, vars, at));
  const name = JSON.stringify(info.qualifiedName);
  const tag = file === undefined ? '' : `,${JSON.stringify(file)}`;
  const enter = `const __ldb$c=__ldb.e(${name},${getterText({ plain: [...info.params, ...vars], guarded: [] })}${tag});try{`;
  const leave = `}catch(__ldb$e){__ldb.x(__ldb$c,__ldb$e);throw __ldb$e}finally{__ldb.l(__ldb$c)}`;
  // At level line a hook marks the statement whose line it is on, not the block.
  const unitAt = (n: Node, block: string) =>
    lineUnits ? (lineUnits[n.startPosition.row + 1] ?? block) : block;
  if (body.type !== 'statement_block') {
    const id = JSON.stringify(unitAt(body, blocks[0]?.id ?? `${info.qualifiedName}#0`));
    const g = getter(body);
    add(body.startIndex, `{${enter}__ldb.v(__ldb$c,${id},${g});return __ldb.r(__ldb$c,${g},(`);
    add(body.endIndex, `))${leave}}`, true);
    return;
  }
  // "use strict" and other directives must stay first in the body.
  let start = body.startIndex + 1;
  for (const s of fn.statements) {
    if (s.type !== 'expression_statement' || s.namedChild(0)?.type !== 'string') break;
    start = s.endIndex;
  }
  add(start, enter);
  const hooked = new Set<number>();
  blocks.forEach((block, i) => {
    const site = sites[i];
    if (!site) return;
    hooked.add(site.node.id);
    hook(site, `__ldb.v(__ldb$c,${JSON.stringify(unitAt(site.node, block.id))},${getter(site.node)})`, add);
  });
  if (lineUnits) hookStatements(fn, lineUnits, hooked, getter, add);
  preorder(body, (n) => {
    if (n.id !== body.id && isFunctionNode(n)) return false;
    if (n.type === 'class_declaration' || n.type === 'class') return false;
    if (n.type === 'return_statement' || n.type === 'throw_statement') {
      const value = n.namedChildren.find((c) => c !== null && c.type !== 'comment');
      const call = n.type === 'return_statement' ? '__ldb.r' : '__ldb.t';
      if (value) {
        add(value.startIndex, `${call}(__ldb$c,${getter(n)},(`);
        add(value.endIndex, '))', true);
      } else {
        add(n.startIndex + 'return'.length, ` ${call}(__ldb$c,${getter(n)},undefined)`);
      }
    }
    return true;
  });
  // The body's `}`: tree-sitter may count a comment after it in the body (`} // note`, inside a call).
  let close = body.lastChild;
  while (close && close.type !== '}') close = close.previousSibling;
  const end = close ? close.startIndex : body.endIndex - 1;
  // In an empty body (`{}`) the end is where the start is, and must follow it: an opening too.
  const empty = start >= end;
  add(end, `;__ldb.end(__ldb$c,${getter(close ?? body.lastChild ?? body)})${leave}`, !empty);
}

/** Statements whose header carries its own hook (inside the test, or opening the body). */
const HOOKED_HEADERS = new Set([
  'if_statement',
  'while_statement',
  'for_statement',
  'for_in_statement',
  'switch_statement',
]);

/**
 * Level line: a hook before every statement of the body that starts a line of its own (the
 * blocks' hooks already mark the first statement of each block and the loop and branch tests), so
 * each line that runs is one visit, as Python's line events make it.
 */
function hookStatements(
  fn: JsFunction,
  lineUnits: Record<number, string>,
  hooked: Set<number>,
  getter: (at: Node) => string,
  add: Add,
): void {
  preorder(fn.body, (n) => {
    if (n.id !== fn.body.id && isFunctionNode(n)) return false;
    if (n.type === 'class_declaration' || n.type === 'class') return false;
    if (!STATEMENT_LISTS.has(n.type)) return true;
    let lastLine = -1;
    const caseValue = n.type === 'switch_case' ? n.childForFieldName('value')?.id : undefined;
    for (const statement of n.namedChildren) {
      if (!statement || statement.type === 'comment' || statement.type === 'empty_statement') continue;
      if (statement.id === caseValue) continue;
      const line = statement.startPosition.row + 1;
      const unit = lineUnits[line];
      const own = line !== lastLine;
      lastLine = line;
      if (!own || unit === undefined || hooked.has(statement.id) || HOOKED_HEADERS.has(statement.type))
        continue;
      if (statement.type === 'labeled_statement') continue;
      hook(
        { type: 'before', node: statement },
        `__ldb.v(__ldb$c,${JSON.stringify(unit)},${getter(statement)})`,
        add,
      );
    }
    return true;
  });
}

function hook(site: Site, call: string, add: Add): void {
  switch (site.type) {
    case 'prefix':
      add(site.node.startIndex, `${call},`);
      return;
    case 'empty-test':
      add(site.node.startIndex, `${call},true`);
      return;
    case 'body':
      if (site.node.type === 'statement_block') add(site.node.startIndex + 1, `${call};`);
      else wrap(site.node, call, add);
      return;
    case 'before': {
      let node = site.node;
      while (node.parent?.type === 'labeled_statement') node = node.parent;
      if (node.parent && STATEMENT_LISTS.has(node.parent.type)) add(node.startIndex, `${call};`);
      else wrap(node, call, add);
      return;
    }
  }
}

/**
 * Where a statement's code ends: tree-sitter counts a comment after a statement without its
 * semicolon (`x++ // note`) in the statement, and a brace put after the comment would be in it.
 */
function codeEnd(node: Node): number {
  let last = node.lastChild;
  while (last?.type === 'comment') last = last.previousSibling;
  if (!last) return node.endIndex;
  if (last.endIndex < node.endIndex) return last.endIndex;
  // `if (x) n++ // note`: the comment is the last statement's, which ends where the `if` does.
  return codeEnd(last);
}

/** The lone body of an `if` or a loop gets braces, so that the hook runs with it. */
function wrap(node: Node, call: string, add: Add): void {
  add(node.startIndex, `{${call};`);
  add(codeEnd(node), '}', true);
}

function apply(text: string, inserts: Insert[], blanks: [number, number][]): string {
  inserts.sort(
    (a, b) =>
      a.at - b.at || Number(b.closing) - Number(a.closing) || (a.closing ? b.seq - a.seq : a.seq - b.seq),
  );
  blanks.sort((a, b) => a[0] - b[0]);
  // The hooks of functions inside a blanked statement (an `assert.throws(() => {...})` test) go
  // with it: left alone, they would run at the module's top level.
  const kept = inserts.filter((i) => !blanks.some((b) => within(i, b)));
  let out = '';
  let pos = 0;
  let k = 0;
  const copy = (to: number) => {
    // Blanked ranges keep their newlines: the lines after them keep their numbers.
    while (pos < to) {
      const blank = blanks[k];
      if (blank && pos >= blank[0] && pos < blank[1]) {
        const end = Math.min(to, blank[1]);
        out += text.slice(pos, end).replace(/[^\r\n]/g, ' ');
        pos = end;
        if (pos >= blank[1]) k++;
      } else {
        const end = Math.min(to, blank && blank[0] > pos ? blank[0] : to);
        out += text.slice(pos, end);
        pos = end;
        if (blank && pos >= blank[1]) k++;
      }
    }
  };
  for (const insert of kept) {
    copy(insert.at);
    out += insert.text;
  }
  copy(text.length);
  return out;
}

/** An insert belongs to a blanked range when it lies inside it (a closing one may end it, an opening one start it). */
function within(insert: Insert, [from, to]: [number, number]): boolean {
  return (
    (insert.at > from && insert.at < to) ||
    (insert.at === from && !insert.closing) ||
    (insert.at === to && insert.closing)
  );
}

/** What the appended test function does: compare both sides, check a value, or run the statement. */
function testBody(test: TestCase, parser: Parser, source: Pick<SourceFile, 'functions'>): string {
  const text = test.source.trim();
  if (test.form === 'assert-compare') {
    const tree = parser.parse(text);
    try {
      const statements = tree?.rootNode.namedChildren.filter((c) => c !== null && c.type !== 'comment') ?? [];
      const call = statements.length === 1 && statements[0] ? statementCall(statements[0]) : undefined;
      const shape = call ? assertion(call, source) : undefined;
      if (shape?.form === 'assert-compare' && shape.actual && shape.expected && shape.check) {
        const check =
          shape.style === 'console'
            ? `console.assert(__a${shape.check}__e)`
            : `${shape.check}(__a,__e${shape.rest ? `,${shape.rest}` : ''})`;
        // `assert.equal(await f(), 2)` at an ES module's top level: the sides are awaited.
        const sides = [shape.actual, shape.expected];
        const awaits = sides.some(
          (side) => side.type === 'await_expression' || side.descendantsOfType('await_expression').length > 0,
        );
        const [cmp, arrow] = awaits ? ['cmpAsync', 'async()=>'] : ['cmp', '()=>'];
        return `return __ldb.${cmp}(${arrow}(${shape.actual.text}),${arrow}(${shape.expected.text}),(__a,__e)=>${check})`;
      }
    } finally {
      tree?.delete();
    }
  }
  if (test.form === 'expression') return `return __ldb.truthy((${text}))`;
  // An expression's value is awaited: an async harness (`testX()`, `main().catch(...)`) or an
  // `assert.rejects(...)` fails when its promise rejects, as an unhandled rejection fails Node.
  const expression = loneExpression(text, parser);
  return expression !== undefined ? `return (${expression})` : text;
}

/** The expression of a test that is one expression statement (over lines or not), else undefined. */
function loneExpression(text: string, parser: Parser): string | undefined {
  const tree = parser.parse(text);
  try {
    const statements = tree?.rootNode.namedChildren.filter((c) => c !== null && c.type !== 'comment') ?? [];
    const only = statements.length === 1 ? statements[0] : undefined;
    if (only?.type !== 'expression_statement' || only.hasError) return undefined;
    const expression = only.namedChildren.find((c) => c !== null && c.type !== 'comment');
    // `void main()` throws its promise away; Node still fails when it rejects: awaited here.
    const voided =
      expression?.type === 'unary_expression' && expression.childForFieldName('operator')?.text === 'void';
    return voided ? expression.childForFieldName('argument')?.text : expression?.text;
  } finally {
    tree?.delete();
  }
}
