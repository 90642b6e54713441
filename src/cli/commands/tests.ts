// `ldb tests PATH`: the tests of a file (grouped by the function they call) and, for a test file,
// a folder or a project, the tests the project's test runner (pytest) collects there.
import { withDefaults } from '../../core/settings';
import { listTests } from '../../core/tests/listTests';
import { testsJson, testsText } from '../../core/tests/listingText';
import { flag, parseCommandArgs, singlePositional, stringOption } from '../args';
import type { CommandContext } from '../context';

export const TESTS_HELP = `usage: ldb tests PATH [--python CMD] [--json]

Lists the tests of PATH. For a file: per function, its doctest examples, module-level asserts
(also under if __name__ == "__main__":) and test_* functions. For a test file (test_*.py, *_test.py,
or one importing pytest / unittest), a folder or a project root: also the tests pytest collects
there (parametrized cases, classes, unittest cases), by their pytest node ids, collected by pytest
itself from the project root (pytest's rootdir) in the project's interpreter.
For a JavaScript / TypeScript file: top-level console.assert(...) and assert...(...) calls,
testX() calls of a file function named test*, and node:test's test() / it() (also in describe()).
For a JavaScript / TypeScript project folder (test files, no Python): the tests of its test files
(*.test.*, *.spec.*, or under test/, tests/, __tests__/) by PATH::ID, relative to the project root
(the nearest package.json), as --test takes them.

  --python CMD          Python interpreter: a command, or a path (relative: to the project root);
                        default: the project's .venv / venv, else python3 (env LDB_PYTHON)
  --json                one JSON object: { file | folder, functions: [{ name, tests }], unattached,
                        and when tests were collected: root, configFile, interpreter: {name, path,
                        version, source},
                        runner, collected: [tests with item: {id, file, line, function, class,
                        parameters, markers, framework}] }`;

export async function testsCommand(ctx: CommandContext, argv: string[]): Promise<number> {
  const parsed = parseCommandArgs('tests', argv, { json: { type: 'boolean' }, python: { type: 'string' } });
  const target = singlePositional('tests', parsed, 'PATH');
  const listing = await listTests({
    target,
    settings: withDefaults({ python: stringOption(parsed, 'python') ?? ctx.env.LDB_PYTHON }),
    assets: ctx.assets,
    cwd: ctx.cwd,
    signal: ctx.signal,
  });
  if (flag(parsed, 'json')) {
    ctx.stdout(JSON.stringify(testsJson(target, listing)) + '\n');
    return 0;
  }
  ctx.stdout(testsText(target, listing));
  return 0;
}
