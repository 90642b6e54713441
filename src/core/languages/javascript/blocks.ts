// Cuts a JavaScript / TypeScript function into basic blocks with successor edges, as blocks.ts
// does for Python, and says where the runtime's hook for each block goes (its site).
//
// Blocks split where control branches or joins: the test of `if` / `while` / `do ... while` is a
// `condition` block, the header of `for` / `for...of` / `for...in` a `loop` block, the switch
// subject and each `case` test a `match` block, a `catch` clause an `except` block (its first
// statements join it); a `try` body, a `finally` body, a case body and whatever follows a compound
// statement start new blocks. `return`, `throw`, `break` and `continue` (labelled too) end the
// block they are in, which takes their kind. A nested function or class is not part of the
// enclosing function: only its first line is (what the enclosing frame executes there).
//
// Lines: the first statement or header covering a line owns it, as for Python. An arrow function
// with an expression body is one `return` block.
//
// Sites: a hook is a call the instrumented copy makes when control enters the block. A header's
// hook goes inside its test (`if (HOOK, test)`, `for (init; HOOK, test; step)`, `case HOOK, v:`),
// so it runs each time the test does; a `for...of` / `for...in` header's hook opens its body; any
// other block's hook is a statement before its first statement (in braces where that statement
// is the lone body of an `if` or a loop).
import type { Node } from 'web-tree-sitter';
import type { Block, BlockKind } from '../../model';
import { BlockGraphBuilder, type Unit } from '../blockGraph';
import { lastLine, type JsFunction } from './functions';

export type Site =
  | { type: 'before'; node: Node } // a statement: the hook goes before it (before its labels)
  | { type: 'prefix'; node: Node } // an expression: `HOOK, ` goes before it
  | { type: 'empty-test'; node: Node } // `for (;;)`: `HOOK, true` goes where the test would be
  | { type: 'body'; node: Node }; // a loop body: the hook opens it

export interface JsBlocks {
  blocks: Block[];
  /** Per block index, where its hook goes (a block without a site is only ever entered with its predecessor, e.g. an empty one). */
  sites: (Site | undefined)[];
}

type Jump = 'break' | 'continue' | 'return' | 'raise';

/** What a jump meets on its way out: a loop or switch (or labelled statement) it leaves, or a `finally`. */
type Context =
  | {
      type: 'target';
      target: 'loop' | 'switch' | 'block';
      labels: string[];
      /** Where `continue` goes; a do-while's test comes after its body, so its continues wait in `continues`. */
      header?: number;
      breaks: number[];
      continues: number[];
    }
  | { type: 'finally'; entries: number[]; routed: Set<Jump> };

/** Per function of a parsed tree (findJsFunctions keeps them), its blocks: cut once. */
const cut = new WeakMap<JsFunction, JsBlocks>();

export function jsBlocks(fn: JsFunction): JsBlocks {
  const known = cut.get(fn);
  if (known) return known;
  const builder = new CfgBuilder();
  if (fn.body.type !== 'statement_block') {
    builder.expressionBody(fn.body);
  } else {
    for (const statement of fn.statements) builder.statement(statement);
  }
  const blocks = builder.finish(fn.info.qualifiedName);
  cut.set(fn, blocks);
  return blocks;
}

class CfgBuilder extends BlockGraphBuilder<Site> {
  private readonly stack: Context[] = [];
  /** Labels written right before the statement being read. */
  private labels: string[] = [];

  expressionBody(expr: Node): void {
    const block = this.newBlock('return', []);
    this.at(block).units.push(span(expr));
    this.at(block).site = { type: 'prefix', node: expr };
  }

  statement(node: Node): void {
    const labels = this.labels;
    this.labels = [];
    switch (node.type) {
      case 'if_statement':
        return this.ifStatement(node);
      case 'for_statement':
        return this.forStatement(node, labels);
      case 'for_in_statement':
        return this.forInStatement(node, labels);
      case 'while_statement':
        return this.whileStatement(node, labels);
      case 'do_statement':
        return this.doStatement(node, labels);
      case 'switch_statement':
        return this.switchStatement(node, labels);
      case 'try_statement':
        return this.tryStatement(node);
      case 'labeled_statement': {
        const body = node.childForFieldName('body');
        const label = node.childForFieldName('label')?.text ?? '';
        if (!body) return;
        if (isLoop(body)) {
          this.labels = [...labels, label];
          return this.statement(body);
        }
        // A labelled block or statement: `break label` leaves it.
        const context: Context = {
          type: 'target',
          target: 'block',
          labels: [...labels, label],
          breaks: [],
          continues: [],
        };
        this.stack.push(context);
        this.statement(body);
        this.stack.pop();
        this.continueWith([...this.preds, ...context.breaks]);
        return;
      }
      case 'statement_block':
        for (const child of node.namedChildren) if (child && child.type !== 'comment') this.statement(child);
        return;
      case 'empty_statement':
      case 'comment':
        return;
      case 'function_declaration':
      case 'generator_function_declaration':
      case 'class_declaration':
      case 'abstract_class_declaration':
        this.simple(firstLineUnit(node), node);
        return;
      case 'return_statement':
        return this.terminator(node, 'return');
      case 'throw_statement':
        return this.terminator(node, 'raise');
      case 'break_statement':
        return this.terminator(node, 'break');
      case 'continue_statement':
        return this.terminator(node, 'continue');
      default:
        this.simple(span(node), node);
    }
  }

  private simple(unit: Unit, node: Node): number {
    if (this.open === null || this.preds.length !== 1 || this.preds[0] !== this.open) {
      this.open = this.newBlock('statements', this.preds);
      this.at(this.open).site = { type: 'before', node };
      this.preds = [this.open];
    }
    this.at(this.open).units.push(unit);
    return this.open;
  }

  private terminator(node: Node, kind: Jump): void {
    const block = this.simple(span(node), node);
    // A catch clause's block keeps its kind: that it starts a handler says more than how it ends.
    if (this.at(block).kind !== 'except') this.at(block).kind = kind;
    this.open = null;
    this.preds = [];
    this.jump(kind, [block], node.childForFieldName('label')?.text);
  }

  private ifStatement(node: Node): void {
    const condition = node.childForFieldName('condition');
    const test = this.header('condition', headerUnit(node, condition), testSite(condition));
    const exits = this.body(node.childForFieldName('consequence'), [test]);
    const alternative = node.childForFieldName('alternative');
    const elseBody = alternative?.namedChildren.find((c) => c !== null && c.type !== 'comment') ?? null;
    if (elseBody) exits.push(...this.body(elseBody, [test]));
    else exits.push(test);
    this.continueWith(exits);
  }

  private forStatement(node: Node, labels: string[]): void {
    const condition = node.childForFieldName('condition');
    const site: Site | undefined = !condition
      ? undefined
      : condition.type === 'empty_statement'
        ? { type: 'empty-test', node: condition }
        : { type: 'prefix', node: condition };
    const body = node.childForFieldName('body');
    const head = this.header('loop', headerUnit(node, body, true), site);
    const endless = !condition || condition.type === 'empty_statement';
    this.loopBody(node, head, labels, endless);
  }

  private forInStatement(node: Node, labels: string[]): void {
    const body = node.childForFieldName('body');
    const head = this.header(
      'loop',
      headerUnit(node, body, true),
      body ? { type: 'body', node: body } : undefined,
    );
    this.loopBody(node, head, labels, false);
  }

  private whileStatement(node: Node, labels: string[]): void {
    const condition = node.childForFieldName('condition');
    const head = this.header('condition', headerUnit(node, condition), testSite(condition));
    this.loopBody(node, head, labels, /^\(\s*(true|1)\s*\)$/.test(condition?.text ?? ''));
  }

  private loopBody(node: Node, head: number, labels: string[], endless: boolean): void {
    const context: Context = {
      type: 'target',
      target: 'loop',
      labels,
      header: head,
      breaks: [],
      continues: [],
    };
    this.stack.push(context);
    for (const end of this.body(node.childForFieldName('body'), [head])) this.edge(end, head);
    this.stack.pop();
    this.continueWith([...(endless ? [] : [head]), ...context.breaks]);
  }

  private doStatement(node: Node, labels: string[]): void {
    const condition = node.childForFieldName('condition');
    // The test comes after the body: `continue` goes to it, and it goes back to the body's start.
    const first = this.blocks.length;
    const context: Context = { type: 'target', target: 'loop', labels, breaks: [], continues: [] };
    this.stack.push(context);
    const ends = this.body(node.childForFieldName('body'), this.preds);
    this.stack.pop();
    this.preds = [...ends, ...context.continues];
    const unit = condition ? span(condition) : firstLineUnit(node);
    const test = this.header('condition', unit, testSite(condition));
    if (this.blocks.length > first + 1) this.edge(test, first);
    this.continueWith([test, ...context.breaks]);
  }

  private switchStatement(node: Node, labels: string[]): void {
    const value = node.childForFieldName('value');
    const subject = this.header('match', headerUnit(node, value), testSite(value));
    const context: Context = { type: 'target', target: 'switch', labels, breaks: [], continues: [] };
    this.stack.push(context);
    const clauses =
      node
        .childForFieldName('body')
        ?.namedChildren.filter(
          (c): c is Node => c !== null && (c.type === 'switch_case' || c.type === 'switch_default'),
        ) ?? [];
    let lastTest = subject;
    let fallthrough: number[] = [];
    let hasDefault = false;
    let defaultFirst: number | undefined;
    for (const clause of clauses) {
      const statements = clause.childrenForFieldName('body').filter((c) => c.type !== 'comment');
      const start = this.blocks.length;
      if (clause.type === 'switch_case') {
        const test = clause.childForFieldName('value');
        this.preds = [lastTest];
        const site: Site | undefined = test ? { type: 'prefix', node: test } : undefined;
        lastTest = this.header('match', headerUnit(clause, test), site);
        this.preds = [lastTest, ...fallthrough];
      } else {
        hasDefault = true;
        this.preds = [...fallthrough];
      }
      this.open = null;
      for (const s of statements) this.statement(s);
      // The default is taken once every case test failed: wired when the last test is known.
      if (clause.type === 'switch_default' && this.blocks.length > start) defaultFirst = start;
      fallthrough = this.preds;
    }
    this.stack.pop();
    const exits = [...fallthrough, ...context.breaks];
    if (defaultFirst !== undefined) this.edge(lastTest, defaultFirst);
    else if (!hasDefault || defaultFirst === undefined) exits.push(lastTest);
    this.continueWith(exits);
  }

  private tryStatement(node: Node): void {
    const handler = node.childForFieldName('handler');
    const final = node.childForFieldName('finalizer');
    const context = final
      ? { type: 'finally' as const, entries: [] as number[], routed: new Set<Jump>() }
      : undefined;
    if (context) this.stack.push(context);
    const bodyStart = this.blocks.length;
    const bodyExits = this.body(node.childForFieldName('body'), this.preds);
    const bodyBlocks = range(bodyStart, this.blocks.length);
    const exits = [...bodyExits];
    if (handler) {
      const body = handler.childForFieldName('body');
      this.preds = [];
      const head = this.header(
        'except',
        headerUnit(handler, body, true),
        body ? { type: 'body', node: body } : undefined,
      );
      for (const b of bodyBlocks) this.edge(b, head);
      if (bodyBlocks.length === 0) for (const p of bodyExits) this.edge(p, head);
      // The handler's first statements run in its block.
      this.open = head;
      this.preds = [head];
      for (const s of body?.namedChildren ?? []) if (s && s.type !== 'comment') this.statement(s);
      exits.push(...this.preds);
    }
    if (!context || !final) return this.continueWith(exits);
    this.stack.pop();
    const entries = [...exits, ...context.entries, ...bodyBlocks];
    const first = this.blocks.length;
    let finalExits = this.body(final.childForFieldName('body'), entries);
    if (this.blocks.length === first) finalExits = entries;
    for (const jump of context.routed) this.jump(jump, finalExits);
    this.continueWith(exits.length > 0 ? finalExits : []);
  }

  /** Sends a jump to its target: a loop, switch or labelled statement, or first the innermost `finally`. */
  private jump(kind: Jump, from: number[], label?: string): void {
    for (const context of [...this.stack].reverse()) {
      if (context.type === 'finally') {
        context.entries.push(...from);
        context.routed.add(kind);
        return;
      }
      const named = label === undefined || context.labels.includes(label);
      if (kind === 'break' && named && (label !== undefined || context.target !== 'block')) {
        context.breaks.push(...from);
        return;
      }
      if (kind === 'continue' && named && context.target === 'loop') {
        if (context.header !== undefined) for (const b of from) this.edge(b, context.header);
        else context.continues.push(...from);
        return;
      }
    }
    // return and throw with no finally around them leave the function: no successor.
  }

  private header(kind: BlockKind, unit: Unit, site: Site | undefined): number {
    const block = this.headerBlock(kind, unit);
    if (site) this.at(block).site = site;
    return block;
  }

  private body(node: Node | null, preds: number[]): number[] {
    this.preds = [...preds];
    this.open = null;
    if (node) this.statement(node);
    return this.preds;
  }

  protected override continueWith(exits: number[]): void {
    super.continueWith([...new Set(exits)]);
  }

  finish(qualifiedName: string): JsBlocks {
    return { blocks: this.finishBlocks(qualifiedName), sites: this.blocks.map((b) => b.site) };
  }
}

function isLoop(node: Node): boolean {
  return ['for_statement', 'for_in_statement', 'while_statement', 'do_statement'].includes(node.type);
}

function testSite(condition: Node | null): Site | undefined {
  if (!condition) return undefined;
  // `(test)`: the hook goes inside the parentheses, before the test.
  const inner =
    condition.type === 'parenthesized_expression'
      ? condition.namedChildren.find((c) => c?.type !== 'comment')
      : condition;
  return inner ? { type: 'prefix', node: inner } : undefined;
}

function span(node: Node): Unit {
  return { startIndex: node.startIndex, startLine: node.startPosition.row + 1, endLine: lastLine(node) };
}

function firstLineUnit(node: Node): Unit {
  const line = node.startPosition.row + 1;
  return { startIndex: node.startIndex, startLine: line, endLine: line };
}

/**
 * A compound statement's header: from its start to the end of `upTo` (its test), or, with
 * `before`, to the line where `upTo` (its body) starts.
 */
function headerUnit(node: Node, upTo: Node | null | undefined, before = false): Unit {
  const startLine = node.startPosition.row + 1;
  if (!upTo) return { startIndex: node.startIndex, startLine, endLine: startLine };
  const endLine = before ? upTo.startPosition.row + 1 : lastLine(upTo);
  return { startIndex: node.startIndex, startLine, endLine: Math.max(startLine, endLine) };
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}
