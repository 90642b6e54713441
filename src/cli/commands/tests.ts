// `ldb tests FILE`: the tests found in a file, grouped by the function they call.
import { loadProgram } from '../../core/trace/tracing';
import type { SourceFile, TestCase } from '../../core/model';
import { flag, parseCommandArgs, singlePositional } from '../args';
import type { CommandContext } from '../context';

export const TESTS_HELP = `usage: ldb tests FILE [--json]

Lists the tests found in FILE, per function: doctest examples, module-level asserts (also under
if __name__ == "__main__":) and test_* functions.

  --json                one JSON object: { file, functions: [{ name, tests }], unattached }`;

export async function testsCommand(ctx: CommandContext, argv: string[]): Promise<number> {
  const parsed = parseCommandArgs('tests', argv, { json: { type: 'boolean' } });
  const file = singlePositional('tests', parsed, 'FILE');
  const source = await loadProgram({ path: file, assets: ctx.assets });
  const grouped = groupTests(source);
  if (flag(parsed, 'json')) {
    ctx.stdout(JSON.stringify({ file, ...grouped }) + '\n');
    return 0;
  }
  const lines: string[] = [];
  for (const { name, tests } of grouped.functions) {
    lines.push(`${name}  (${tests.length} test${tests.length === 1 ? '' : 's'})`);
    for (const t of tests) lines.push(`  ${t.id.padEnd(18)} ${t.label}`);
  }
  if (grouped.unattached.length > 0) {
    lines.push('tests that call no function of this file');
    for (const t of grouped.unattached) lines.push(`  ${t.id.padEnd(18)} ${t.label}`);
  }
  if (lines.length === 0) lines.push(`no tests found in ${file}`);
  ctx.stdout(lines.join('\n') + '\n');
  return 0;
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
