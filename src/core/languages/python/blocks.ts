// Cuts a Python function into basic blocks with successor edges: the unit of LDB's trace.
//
// A block is a run of statements control enters only at the top and leaves only at the bottom.
// Blocks split where control can branch or join: each `if`/`elif`/`while` test is a `condition`
// block, each `for` header a `loop` block, each `with` header a `with` block, each `except` header
// an `except` block, the `match` subject and each `case` pattern (with its guard) a `match` block;
// a `try` body, an `else`/`finally` body and whatever follows a compound statement start new blocks;
// `return`, `raise`, `break`, `continue` and `assert` end the block they are in, which takes their
// kind. The body of a nested def or class is not part of the enclosing function: only its header
// (decorators, signature, bases) is, because that is what the enclosing frame executes.
//
// Lines. The runtime sees line events, so each line belongs to exactly one block of a function:
// THE FIRST STATEMENT OR HEADER THAT COVERS THE LINE, IN SOURCE ORDER, OWNS IT. For a one-line
// compound statement (`if x: return y`, `while x: x -= 1`, `with f() as g: data = g.read()`) the
// header comes first, so the line maps to the header block (condition / loop / with / except /
// match); the body still gets its own block, with its line range but without that line in `lines`
// (CPython emits one line event for the whole line, so no tracer could tell the two apart). A
// visit of the header block then shows the state after the body, and the return value if the
// body returned. The same rule settles `x = f(\n1); y = 2`: line 2 belongs to `x = ...`.
// Docstrings are not code: they belong to no block, except in a function whose body is nothing
// but a docstring, which gets one block holding it.
//
// Edges stay within the function: leaving it (return, raise, falling off the end) is no edge.
// Every block of a try body may go to each handler and to the finally; a return, break or
// continue inside try/finally goes to the finally, and from there on to where it was going.
// `while True:` never falls through. From Python 3.10 the exit of a `with` is reported on its
// header line, so a with block gets a second visit when its body ends.
import type { Node } from 'web-tree-sitter';
import type { Block } from '../../model';
import { BlockGraphBuilder, type Unit } from '../blockGraph';
import { lastLine, type PythonFunction } from './functions';

type Jump = 'break' | 'continue' | 'return' | 'raise';

/** What a jump meets on its way out: the loop it leaves, or a `finally` it must run first. */
type Context =
  | { type: 'loop'; header: number; breaks: number[] }
  | { type: 'finally'; entries: number[]; routed: Set<Jump> };

export function pythonBlocks(fn: PythonFunction): Block[] {
  const builder = new CfgBuilder();
  const code = fn.statements.filter((s) => s !== fn.docstring);
  if (code.length === 0 && fn.docstring) builder.simple(span(fn.docstring));
  for (const statement of code) builder.statement(statement);
  return builder.finish(fn.info.qualifiedName);
}

class CfgBuilder extends BlockGraphBuilder {
  private readonly stack: Context[] = [];

  statement(node: Node): void {
    switch (node.type) {
      case 'if_statement':
        return this.ifStatement(node);
      case 'for_statement':
        return this.loop(node, 'loop');
      case 'while_statement':
        return this.loop(node, 'condition');
      case 'try_statement':
        return this.tryStatement(node);
      case 'with_statement':
        return this.withStatement(node);
      case 'match_statement':
        return this.matchStatement(node);
      case 'function_definition':
      case 'class_definition':
        this.simple(header(node));
        return;
      case 'decorated_definition': {
        const definition = node.childForFieldName('definition');
        this.simple(definition ? header(definition, node) : span(node));
        return;
      }
      case 'return_statement':
        return this.terminator(node, 'return');
      case 'raise_statement':
        return this.terminator(node, 'raise');
      case 'break_statement':
        return this.terminator(node, 'break');
      case 'continue_statement':
        return this.terminator(node, 'continue');
      case 'assert_statement':
        return this.terminator(node, 'assert');
      default: // simple statements, and ERROR nodes of a broken file: straight-line code
        this.simple(span(node));
    }
  }

  /** Adds a straight-line statement to the open block, or starts one. */
  simple(unit: Unit): number {
    if (this.open === null || this.preds.length !== 1 || this.preds[0] !== this.open) {
      this.open = this.newBlock('statements', this.preds);
      this.preds = [this.open];
    }
    this.at(this.open).units.push(unit);
    return this.open;
  }

  private terminator(node: Node, kind: Jump | 'assert'): void {
    const block = this.simple(span(node));
    this.at(block).kind = kind;
    this.open = null;
    if (kind === 'assert') return; // falls through when the assertion holds (and may raise)
    this.preds = [];
    this.jump(kind, [block]);
  }

  private ifStatement(node: Node): void {
    const test = this.headerBlock('condition', header(node));
    const exits = this.body(node.childForFieldName('consequence'), [test]);
    let last: number | null = test;
    for (const alt of node.childrenForFieldName('alternative')) {
      if (last === null) break;
      if (alt.type === 'elif_clause') {
        this.preds = [last];
        last = this.headerBlock('condition', header(alt));
        exits.push(...this.body(alt.childForFieldName('consequence'), [last]));
      } else {
        exits.push(...this.body(alt.childForFieldName('body'), [last]));
        last = null;
      }
    }
    if (last !== null) exits.push(last);
    this.continueWith(exits);
  }

  /** for / while, with their else: the header is entered again after each iteration. */
  private loop(node: Node, kind: 'loop' | 'condition'): void {
    const head = this.headerBlock(kind, header(node));
    const context: Context = { type: 'loop', header: head, breaks: [] };
    this.stack.push(context);
    for (const end of this.body(node.childForFieldName('body'), [head])) this.edge(end, head);
    this.stack.pop();
    const orElse = node.childForFieldName('alternative');
    // `while True:` is left only by break, return or raise: its test never falls through.
    const endless =
      kind === 'condition' && /^(True|1)$/.test(node.childForFieldName('condition')?.text ?? '');
    const exits = endless ? [] : orElse ? this.body(orElse.childForFieldName('body'), [head]) : [head];
    this.continueWith([...exits, ...context.breaks]);
  }

  private tryStatement(node: Node): void {
    const clauses = node.namedChildren.filter((c): c is Node => c !== null);
    const handlers = clauses.filter((c) => c.type === 'except_clause' || c.type === 'except_group_clause');
    const orElse = clauses.find((c) => c.type === 'else_clause');
    const final = clauses.find((c) => c.type === 'finally_clause');
    const context = final
      ? { type: 'finally' as const, entries: [] as number[], routed: new Set<Jump>() }
      : undefined;
    if (context) this.stack.push(context);

    // The `try:` line has code of its own (CPython reports a line event there): it opens the body.
    this.open = null;
    const bodyStart = this.blocks.length;
    this.simple(header(node));
    this.statements(node.childForFieldName('body'));
    const bodyExits = this.preds;
    const bodyBlocks = range(bodyStart, this.blocks.length);

    const exits: number[] = [];
    for (const handler of handlers) {
      this.preds = [];
      const head = this.headerBlock('except', header(handler));
      // Any statement of the body may raise: every body block can reach every handler.
      for (const b of bodyBlocks) this.edge(b, head);
      exits.push(...this.body(childBlock(handler), [head]));
    }
    exits.push(...(orElse ? this.body(orElse.childForFieldName('body'), bodyExits) : bodyExits));
    if (!context || !final) return this.continueWith(exits);

    this.stack.pop();
    // An exception no handler takes, raised anywhere in the body, runs the finally too.
    const entries = [...exits, ...context.entries, ...bodyBlocks];
    const first = this.blocks.length;
    let finalExits = this.body(childBlock(final), entries);
    if (this.blocks.length === first) finalExits = entries;
    // Jumps that ran the finally go on to where they were going; only normal completion falls through.
    for (const jump of context.routed) this.jump(jump, finalExits);
    this.continueWith(exits.length > 0 ? finalExits : []);
  }

  private withStatement(node: Node): void {
    const head = this.headerBlock('with', header(node));
    this.continueWith(this.body(node.childForFieldName('body'), [head]));
  }

  private matchStatement(node: Node): void {
    const subject = this.headerBlock('match', header(node));
    const cases =
      node.childForFieldName('body')?.namedChildren.filter((c) => c?.type === 'case_clause') ?? [];
    const exits: number[] = [];
    let last: number | null = subject;
    for (const clause of cases) {
      if (!clause) continue;
      this.preds = last === null ? [] : [last];
      const head = this.headerBlock('match', header(clause));
      exits.push(...this.body(clause.childForFieldName('consequence'), [head]));
      last = irrefutable(clause) ? null : head;
    }
    if (last !== null) exits.push(last);
    this.continueWith(exits);
  }

  /** Sends a jump to its target: the enclosing loop, or first the innermost `finally` it crosses. */
  private jump(kind: Jump, from: number[]): void {
    for (const context of [...this.stack].reverse()) {
      if (context.type === 'finally') {
        context.entries.push(...from);
        context.routed.add(kind);
        return;
      }
      if (kind === 'break') {
        context.breaks.push(...from);
        return;
      }
      if (kind === 'continue') {
        for (const b of from) this.edge(b, context.header);
        return;
      }
    }
    // return and raise with no finally around them leave the function: no successor.
  }

  /** Visits a nested body entered from `preds`; returns the blocks that fall out of its end. */
  private body(block: Node | null, preds: number[]): number[] {
    this.preds = [...preds];
    this.open = null;
    this.statements(block);
    return this.preds;
  }

  private statements(block: Node | null): void {
    for (const child of block?.namedChildren ?? []) {
      if (child && child.type !== 'comment') this.statement(child);
    }
  }

  finish(qualifiedName: string): Block[] {
    return this.finishBlocks(qualifiedName);
  }
}

/** A whole statement: every line from its first token to its last. */
function span(node: Node): Unit {
  return { startIndex: node.startIndex, startLine: node.startPosition.row + 1, endLine: lastLine(node) };
}

/**
 * The header of a compound statement, from `start` (the decorators of a decorated definition) to
 * the colon that ends it. Without a colon (a broken file) the header is its first line.
 */
function header(node: Node, start: Node = node): Unit {
  const colon = node.children.find((c) => c?.type === ':' && !c.isMissing);
  const startLine = start.startPosition.row + 1;
  const endLine = colon ? colon.endPosition.row + 1 : node.startPosition.row + 1;
  return { startIndex: start.startIndex, startLine, endLine: Math.max(startLine, endLine) };
}

function childBlock(node: Node): Node | null {
  return node.namedChildren.find((c) => c?.type === 'block') ?? null;
}

/** `case _:` and `case name:` without a guard match anything: no case after them is tried. */
function irrefutable(clause: Node): boolean {
  if (clause.childForFieldName('guard')) return false;
  const patterns = clause.namedChildren.filter((c) => c?.type === 'case_pattern');
  if (patterns.length !== 1 || !patterns[0]) return false;
  return /^(_|[^\W\d]\w*)$/u.test(patterns[0].text);
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}
