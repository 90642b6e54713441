// The whole file as one test, run as plain Node runs it: for a file whose checks LDB cannot take
// apart, as LLMs write many. A home-made runner that catches each failure and says so at the end
// (`if (failed) process.exit(1)`, `process.exitCode = failures ? 1 : 0`), or checks that compare
// and print (`check('count', trie.count, 4)`) without asserting: no statement of it fails alone,
// yet Node's run of the file does. Offered when the file has no other test but runs functions of
// its own at its top level, or when its top level decides the exit status itself; listed last, so
// that a test of its own that fails comes first.
import type { Node } from 'web-tree-sitter';
import type { SourceFile, TestCase } from '../../model';
import { preorder } from '../../parse/walk';
import { calledFunctions } from './testShapes';

/** Its id, as `ldb tests` lists it and --test takes it. */
export const WHOLE_FILE_TEST_ID = 'whole-file';

/** A top-level statement that only declares (it runs nothing of the file's own). */
const DECLARES =
  /^(function_declaration|generator_function_declaration|class_declaration|import_statement|export_statement|empty_statement|comment)$/;

/** The names of a home-made runner's functions. */
const RUNNER = /^(check|test|expect|assert|verify|run)/i;

/** `process.exit(...)` or `process.exitCode = ...` outside the file's functions. */
function decidesExit(root: Node): boolean {
  let found = false;
  preorder(root, (n) => {
    if (found || /function|arrow_function|method_definition|class_body/.test(n.type)) return false;
    if (/^process\.exit(Code)?$/.test(n.type === 'member_expression' ? n.text.replace(/\s+/g, '') : '')) {
      found = true;
      return false;
    }
    return true;
  });
  return found;
}

/** The whole-file test of a file with these tests found, when it has one. */
export function wholeFileTest(
  root: Node,
  source: Pick<SourceFile, 'functions'>,
  found: readonly TestCase[],
): TestCase | undefined {
  const running = root.namedChildren.filter((s): s is Node => s !== null && !DECLARES.test(s.type));
  const called = running.flatMap((s) => calledFunctions(s, source));
  // What the file checks, for the entry: not its runner (`check(...)`, `test(name, fn)`), else the
  // methods its top level calls (`trie.has('car')`).
  const checked = called.filter((name) => !RUNNER.test(name));
  const methods = running.flatMap((s) =>
    [...s.text.matchAll(/\.([A-Za-z_$][\w$]*)\s*\(/g)].flatMap(
      (m) => source.functions.find((f) => f.parent !== undefined && f.name === m[1])?.qualifiedName ?? [],
    ),
  );
  const offered = found.length === 0 ? called.length > 0 || decidesExit(root) : decidesExit(root);
  if (!offered) return undefined;
  return {
    id: WHOLE_FILE_TEST_ID,
    origin: 'test-function',
    form: 'call',
    source: '',
    label: 'the whole file, as Node runs it',
    functions: [...new Set(checked.length > 0 ? checked : methods)],
    line: 1,
  };
}
