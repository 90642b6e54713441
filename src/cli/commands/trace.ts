// `ldb trace FILE --test T`: the block-wise trace of one test, as text or as the JSON contract.
import { traceTest, type Assets, type TraceReport } from '../../core/trace/tracing';
import { flag, parseCommandArgs, singlePositional, stringOption } from '../args';
import { RUN_OPTIONS_HELP, settingsFrom } from '../settingsFlags';
import { TRACE_OPTIONS } from './traceOptions';
import { badInput } from '../../core/errors';
import { traceText } from '../../core/trace/reportText';
import type { CommandContext } from '../context';
import type { SourceFile } from '../../core/model';

export const TRACE_HELP = `usage: ldb trace FILE [--test TEST] [--function NAME] [options] [--json]

Runs TEST (e.g. "assert f(1) == 2", a boolean expression, or a call) on FILE under the tracer and
prints the block-wise trace the LLM would get. Exit 0 when the test ran (passed or failed).
TEST may be several statements (the last one is the check), or a pytest node id
(tests/test_cart.py::test_total[3], relative to the project root, as \`ldb tests --json\` gives
it): that test then runs under pytest and every function of the project's own files it reaches is
traced. For JavaScript / TypeScript, a test of another file is PATH::ID (tests/cart.test.ts::
test-function:12: the file relative to the project root, then the id \`ldb tests\` gives it or a
node:test name); the test runs as Node runs that file, traced in the project files it imports. A
JS/TS file that imports files of its project, given without --test, is traced the same way.

  --test TEST           the test to run; without it, the first test that does not pass of a
                        test file of a project (pytest collects it), else of FILE's own tests
  --function NAME       the function to trace as entry (default: the one the test calls; for a
                        node id or a run across files, where the test goes wrong); there:
                        module:func, path::func, or a name one file of the run defines
${RUN_OPTIONS_HELP}
  --json                one JSON object (outcome, blocks, visits, omitted, prompt, promptTokens, timing,
                        interpreter: {path, version, source: flag | venv | default})`;

export async function traceCommand(ctx: CommandContext, argv: string[]): Promise<number> {
  const parsed = parseCommandArgs('trace', argv, TRACE_OPTIONS);
  const file = singlePositional('trace', parsed, 'FILE');
  const test = stringOption(parsed, 'test');
  // Without --test, a test file of a project traces its first test that does not pass.
  if (test !== undefined && test.trim() === '')
    throw badInput(`trace: --test is empty; give a test, e.g. --test "assert f(1) == 2"`);
  const functionName = stringOption(parsed, 'function');
  // Started by the launcher from these same flags (headStart.ts), if it could.
  const runtime = ctx.headStart?.take();
  const collected = ctx.headStart?.takeCollected();
  const report = await traceTest({
    path: file,
    ...(test !== undefined ? { test } : {}),
    ...(functionName !== undefined ? { functionName } : {}),
    settings: settingsFrom(parsed, ctx.env, ctx.stderr),
    assets: ctx.assets,
    cwd: ctx.cwd,
    signal: ctx.signal,
    oneShot: true,
    ...(runtime ? { runtime } : {}),
    ...(collected ? { collected } : {}),
  });
  if (flag(parsed, 'json')) ctx.stdout(JSON.stringify(traceJson(report)) + '\n');
  else ctx.stdout(traceText(report));
  return 0;
}

/** The `--json` contract of DESIGN.md. */
export function traceJson(report: TraceReport) {
  const { run, trace } = report;
  const visited = new Set(run.visits.map((v) => v.function));
  visited.add(report.entry.qualifiedName);
  return {
    function: report.entry.qualifiedName,
    ...(report.entryFile !== undefined ? { file: report.entryFile } : {}),
    test: [report.test.setupSource, report.test.source].filter((s) => s !== undefined).join('\n'),
    outcome: run.outcome,
    blocks: report.files ? blocksAcross(report) : blocksOf(report.source, visited),
    visits: run.visits,
    omitted: trace.omitted + run.droppedVisits,
    prompt: report.prompt,
    promptTokens: report.promptTokens,
    limits: run.limits,
    stdout: run.stdout,
    stderr: run.stderr,
    timing: report.timing,
    isolation: run.isolation ?? 'none',
    ...(run.interpreter ? { interpreter: run.interpreter } : {}),
  };
}

function blocksOf(source: SourceFile, visited: ReadonlySet<string>, file?: string) {
  return source.functions
    .filter((f) => visited.has(f.qualifiedName))
    .flatMap((f) => f.blocks)
    .map((b) => ({
      id: b.id,
      ...(file !== undefined ? { file } : {}),
      function: b.function,
      startLine: b.startLine,
      endLine: b.endLine,
      kind: b.kind,
    }));
}

/** A run across modules: the blocks of every function visited, file by file, each naming its file. */
function blocksAcross(report: TraceReport) {
  return [...(report.files ?? [])].flatMap(([file, source]) => {
    const visited = new Set(report.run.visits.filter((v) => v.file === file).map((v) => v.function));
    if (file === report.entryFile) visited.add(report.entry.qualifiedName);
    return blocksOf(source, visited, file);
  });
}

export { traceText };
export type { Assets };
