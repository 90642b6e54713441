// LDB: Show Trace after Debug with Trace: the trace as the model read it, each judged block's
// verdict under its header, in the `ldb-trace` language; and the grammar colours every kind of line,
// tokenized by the TextMate engine of the VS Code under test (vscode-textmate in its app root).
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { DebugResult } from '../../src/extension/commands/debugWithTrace';
import type { ScriptedServer } from '../support/scriptedServer';
import { WRONG_EXPLANATION, startServer } from './scripted';
import { EXTENSION_ID, configure, openAt, reset, state, waitFor } from './support';

interface Token {
  startIndex: number;
  endIndex: number;
  scopes: string[];
}
interface Grammar {
  tokenizeLine(line: string, stack: unknown): { tokens: Token[]; ruleStack: unknown };
}

/** The TextMate engine VS Code itself uses, with our grammar and VS Code's Python grammar. */
async function loadGrammar(): Promise<Grammar | undefined> {
  const root = vscode.env.appRoot;
  const modules = join(root, 'node_modules');
  if (!existsSync(join(modules, 'vscode-textmate')) || !existsSync(join(modules, 'vscode-oniguruma')))
    return undefined;
  const req = createRequire(join(modules, 'package.json'));
  /* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return */
  const tm = req('vscode-textmate');
  const onig = req('vscode-oniguruma');
  const wasm = readFileSync(join(modules, 'vscode-oniguruma', 'release', 'onig.wasm'));
  await onig.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
  const files: Record<string, string> = {
    'source.ldb-trace': join(ext.extensionPath, 'syntaxes', 'ldb-trace.tmLanguage.json'),
    'source.python': join(root, 'extensions', 'python', 'syntaxes', 'MagicPython.tmLanguage.json'),
    'source.regexp.python': join(root, 'extensions', 'python', 'syntaxes', 'MagicRegExp.tmLanguage.json'),
  };
  const registry = new tm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new onig.OnigScanner(patterns),
      createOnigString: (s: string) => new onig.OnigString(s),
    }),
    loadGrammar: (scope: string) =>
      files[scope] ? tm.parseRawGrammar(readFileSync(files[scope], 'utf8'), files[scope]) : null,
  });
  const grammar = await registry.loadGrammar('source.ldb-trace');
  return { tokenizeLine: (line, stack) => grammar.tokenizeLine(line, stack ?? tm.INITIAL) };
  /* eslint-enable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return */
}

/** The scopes of the first token of `line` whose text is `text`. */
function scopesOf(grammar: Grammar, lines: string[], lineStart: RegExp, text: string): string[] {
  let stack: unknown;
  for (const line of lines) {
    const { tokens, ruleStack } = grammar.tokenizeLine(line, stack);
    stack = ruleStack;
    if (!lineStart.test(line)) continue;
    const token = tokens.find((t) => line.slice(t.startIndex, t.endIndex).trim() === text);
    assert.ok(token, `no token "${text}" in ${JSON.stringify(line)}`);
    return token.scopes;
  }
  throw new Error(`no line matches ${lineStart}`);
}

describe('Show Trace', () => {
  let server: ScriptedServer | undefined;
  beforeEach(reset);
  afterEach(async () => {
    await reset();
    await configure({ maxBlocks: undefined });
    await server?.close();
    server = undefined;
  });

  it('shows the trace the model read, with the verdicts, highlighted by the ldb-trace grammar', async () => {
    server = await startServer();
    await configure({ maxBlocks: 6 }); // so that the trace has a gap
    await openAt('make_a_pile.py', 20);
    const done = vscode.commands.executeCommand<DebugResult>('ldb.debugWithTrace');
    await waitFor('a fix to review', async () => (await state()).pendingFix);
    await vscode.commands.executeCommand('ldb.showTrace');
    const editor = await waitFor('the trace editor', () =>
      vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'ldb-trace'),
    );
    assert.equal(editor.document.languageId, 'ldb-trace');
    const text = editor.document.getText();
    assert.match(text, /^# \.\.\. 3 blocks omitted \.\.\.$/m);
    assert.ok(text.includes(`[BLOCK-6]\n# ✗ wrong: ${WRONG_EXPLANATION}\n`), text);
    assert.match(text, /^\[BLOCK-0\]\n# ✓ correct: does what the task says$/m);
    await vscode.commands.executeCommand('ldb.rejectFix', '');
    await configure({ maxIters: 1 });
    await vscode.commands.executeCommand('ldb.clear');
    await done;

    const grammar = await loadGrammar();
    if (!grammar) return; // this VS Code keeps its TextMate engine elsewhere (desktop: an asar)
    const lines = [...text.split('\n'), '# raised ZeroDivisionError: division by zero (line 3)'];
    assert.ok(
      scopesOf(grammar, lines, /^\[BLOCK-0\]/, 'BLOCK-0').includes('entity.name.section.block.ldb-trace'),
    );
    assert.ok(
      scopesOf(grammar, lines, /^# ✗ wrong/, '✗ wrong').includes('markup.deleted.verdict.wrong.ldb-trace'),
    );
    assert.ok(
      scopesOf(grammar, lines, /^# ✓ correct/, '✓ correct').includes(
        'markup.inserted.verdict.correct.ldb-trace',
      ),
    );
    assert.ok(scopesOf(grammar, lines, /^# n = 3/, 'n').includes('variable.other.name.ldb-trace'));
    assert.ok(scopesOf(grammar, lines, /^# n = 3/, '3').includes('constant.numeric.value.ldb-trace'));
    assert.ok(
      scopesOf(grammar, lines, /^# returned/, 'returned').includes('keyword.control.returned.ldb-trace'),
    );
    assert.ok(
      scopesOf(grammar, lines, /^# \.\.\. 3 blocks omitted/, '# ... 3 blocks omitted ...').includes(
        'comment.line.omitted.ldb-trace',
      ),
    );
    assert.ok(
      scopesOf(grammar, lines, /^# raised/, 'ZeroDivisionError').includes(
        'entity.name.type.exception.ldb-trace',
      ),
    );
    // Code lines are Python, coloured by VS Code's Python grammar.
    const code = scopesOf(grammar, lines, /^for i in range\(n-1\):$/, 'for');
    assert.ok(
      code.includes('meta.embedded.line.python') && code.includes('keyword.control.flow.python'),
      code.join(' '),
    );
  });
});
