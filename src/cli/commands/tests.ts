// `ldb tests PATH`: the tests of a file (grouped by the function they call) and, for a test file,
// a folder or a project, the tests the project's test runner (pytest) collects there.
import type { SourceFile, TestCase } from '../../core/model';
import { withDefaults } from '../../core/settings';
import { listTests, type TestListing } from '../../core/tests/listTests';
import type { TestCollection } from '../../core/languages/support';
import { flag, parseCommandArgs, singlePositional, stringOption } from '../args';
import type { CommandContext } from '../context';

export const TESTS_HELP = `usage: ldb tests PATH [--python CMD] [--json]

Lists the tests of PATH. For a file: per function, its doctest examples, module-level asserts
(also under if __name__ == "__main__":) and test_* functions. For a test file (test_*.py, *_test.py,
or one importing pytest / unittest), a folder or a project root: also the tests pytest collects
there (parametrized cases, classes, unittest cases), by their pytest node ids, collected by pytest
itself from the project root (pytest's rootdir) in the project's interpreter.

  --python CMD          Python interpreter: a command, or a path (relative: to the project root);
                        default: the project's .venv / venv, else python3 (env LDB_PYTHON)
  --json                one JSON object: { file | folder, functions: [{ name, tests }], unattached,
                        and when pytest ran: root, configFile, interpreter: {path, version, source},
                        runner, collected: [tests with item: {id, file, line, function, class,
                        parameters, markers, framework}] }`;

export async function testsCommand(ctx: CommandContext, argv: string[]): Promise<number> {
  const parsed = parseCommandArgs('tests', argv, { json: { type: 'boolean' }, python: { type: 'string' } });
  const target = singlePositional('tests', parsed, 'PATH');
  const listing = await listTests({
    target,
    settings: withDefaults({ python: stringOption(parsed, 'python') ?? ctx.env.LDB_PYTHON }),
    assets: ctx.assets,
    signal: ctx.signal,
  });
  if (flag(parsed, 'json')) {
    ctx.stdout(JSON.stringify(testsJson(target, listing)) + '\n');
    return 0;
  }
  ctx.stdout(testsText(target, listing));
  return 0;
}

export function testsJson(target: string, listing: TestListing) {
  const grouped = listing.source ? groupTests(listing.source) : { functions: [], unattached: [] };
  const c = listing.collection;
  return {
    [listing.kind]: target,
    ...grouped,
    ...(c
      ? {
          root: c.root,
          ...(c.configFile !== undefined ? { configFile: c.configFile } : {}),
          interpreter: c.interpreter,
          runner: c.runner,
          collected: c.tests,
        }
      : {}),
  };
}

function collectedText(c: TestCollection): string[] {
  const { interpreter: i } = c;
  const lines = [
    `collected by ${c.runner} in ${c.root} (${i.path}, Python ${i.version}, ${i.source})`,
    ...c.tests.map(
      (t) => `  ${t.id}${t.item?.line !== undefined ? `  (${t.item.file}:${t.item.line})` : ''}`,
    ),
  ];
  if (c.tests.length === 0) lines.push('  no tests collected');
  return lines;
}

export function testsText(target: string, listing: TestListing): string {
  const lines: string[] = [];
  if (listing.source) {
    const grouped = groupTests(listing.source);
    for (const { name, tests } of grouped.functions) {
      lines.push(`${name}  (${tests.length} test${tests.length === 1 ? '' : 's'})`);
      for (const t of tests) lines.push(`  ${t.id.padEnd(18)} ${t.label}`);
    }
    if (grouped.unattached.length > 0) {
      lines.push('tests that call no function of this file');
      for (const t of grouped.unattached) lines.push(`  ${t.id.padEnd(18)} ${t.label}`);
    }
  }
  if (listing.collection) lines.push(...collectedText(listing.collection));
  if (lines.length === 0) lines.push(`no tests found in ${target}`);
  return lines.join('\n') + '\n';
}

export function groupTests(source: SourceFile): {
  functions: { name: string; tests: TestCase[] }[];
  unattached: TestCase[];
} {
  const functions = source.functions.map((f) => ({
    name: f.qualifiedName,
    tests: source.tests.filter((t) => t.functions.includes(f.qualifiedName)),
  }));
  return {
    functions: functions.filter((f) => f.tests.length > 0),
    unattached: source.tests.filter(
      (t) => !t.functions.some((n) => source.functions.some((f) => f.qualifiedName === n)),
    ),
  };
}
