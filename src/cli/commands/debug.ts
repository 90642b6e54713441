// `ldb debug FILE --test T ...`: the whole LDB loop from the command line. The file is written only
// with --write, only when a fix passes every visible test, and only if it did not change meanwhile.
import { readFile, writeFile } from 'node:fs/promises';
import { debugProgram, traceFirstFailing, type DebugProgress } from '../../core/debug/debugger';
import { LdbError } from '../../core/errors';
import { HOW_TO_CONFIGURE_LLM } from '../../core/llm/config';
import { withDebugDefaults } from '../../core/settings';
import type { FileEdit, Session } from '../../core/model';
import { flag, intOption, listOption, parseCommandArgs, singlePositional, stringOption } from '../args';
import type { CommandContext } from '../context';
import { EXIT } from '../exitCodes';
import { LLM_OPTIONS, LLM_OPTIONS_HELP, llmClientFor, llmConfigFrom } from '../llmFlags';
import { resultLine, sessionText } from '../sessionText';
import { RUN_OPTIONS, RUN_OPTIONS_HELP, settingsFrom } from '../settingsFlags';
import { traceText } from './trace';

export const DEBUG_HELP = `usage: ldb debug FILE [--function NAME] [--test TEST ...] [options]

Runs the visible tests; traces the first failing one; asks the model for a verdict on every block
and for a fix; runs every visible test on the fix; repeats up to --max-iters. Prints the verdicts,
the fix as a unified diff and the tests before and after. A reply that cannot be used (no code, code
that does not parse) fails its iteration and the model is told why. Exit 0 when every visible test
passes at the end, 1 when no fix passes, 2 for bad input, 3 when no LLM is configured.

  --function NAME       the function to debug (default: the one the tests call)
  --test TEST           a visible test (repeatable); default: the tests found in FILE
  --task TEXT           what the function should do, when its docstring does not say
${LLM_OPTIONS_HELP}
  --max-iters N         rounds of trace, verdicts, fix and verification (default 3)
  --context-budget N    prompt tokens per request; sampled blocks are dropped first (default 12000)
${RUN_OPTIONS_HELP}
  --write               write the fix: FILE, and every other file a fix across modules changes
                        (only the functions it rewrote); all of them or none
  --out FILE            save the whole session as JSON (ldb replay FILE prints it again)
  --json                print the session as one JSON object`;

export async function debugCommand(ctx: CommandContext, argv: string[]): Promise<number> {
  const parsed = parseCommandArgs('debug', argv, {
    ...RUN_OPTIONS,
    ...LLM_OPTIONS,
    function: { type: 'string' },
    test: { type: 'string', multiple: true },
    task: { type: 'string' },
    'max-iters': { type: 'string' },
    'context-budget': { type: 'string' },
    write: { type: 'boolean' },
    out: { type: 'string' },
    json: { type: 'boolean' },
  });
  const file = singlePositional('debug', parsed, 'FILE');
  const functionName = stringOption(parsed, 'function');
  const tests = listOption(parsed, 'test');
  const task = stringOption(parsed, 'task');
  const maxIters = intOption(parsed, 'max-iters', 1);
  const contextBudget = intOption(parsed, 'context-budget', 256);
  const settings = withDebugDefaults({
    ...settingsFrom(parsed, ctx.env, ctx.stderr),
    ...(maxIters !== undefined ? { maxIters } : {}),
    ...(contextBudget !== undefined ? { contextBudget } : {}),
  });
  const json = flag(parsed, 'json');

  const config = llmConfigFrom(parsed, ctx.env);
  if (!config) return noLlm(ctx, { file, tests, functionName, settings });

  const originalText = await readFile(file, 'utf8').catch(() => undefined);
  const session = await debugProgram({
    path: file,
    ...(originalText !== undefined ? { text: originalText.replace(/^\uFEFF/, '') } : {}),
    ...(functionName !== undefined ? { functionName } : {}),
    tests,
    ...(task !== undefined ? { task } : {}),
    settings,
    assets: ctx.assets,
    llm: llmClientFor(config, ctx.env),
    cwd: ctx.cwd,
    signal: ctx.signal,
    onProgress: (e) => {
      if (ctx.isTty && !json) ctx.stderr(progressLine(e));
    },
  });
  // The session is printed first: a file that cannot be written must not lose the result.
  if (json) ctx.stdout(JSON.stringify(session) + '\n');
  else ctx.stdout(sessionText(session));
  const out = stringOption(parsed, 'out');
  if (out !== undefined) {
    await writeFile(out, JSON.stringify(session, null, 1) + '\n').catch((e: NodeJS.ErrnoException) => {
      throw new LdbError('bad-input', `cannot write the session to ${out}: ${e.code ?? e.message}`);
    });
  }
  if (flag(parsed, 'write') && session.status === 'fixed' && session.finalCode !== undefined) {
    const note = await writeFix(file, originalText, session);
    if (!json) ctx.stdout(note);
  } else if (session.status === 'fixed' && !json) {
    const names = session.finalFiles?.map((e) => e.file).join(', ') || file;
    ctx.stdout(`(${names} not changed: rerun with --write to apply the fix)\n`);
  }
  if (session.status === 'cancelled') return EXIT.cancelled;
  if (session.status === 'error') throw new LdbError('llm', session.error ?? 'the model failed');
  return session.status === 'fixed' || session.status === 'already-passing' ? EXIT.ok : EXIT.notFixed;
}

/**
 * Writes the fix: every file it changes, or none. Each must still be as it was read; a write that
 * fails puts back the files already written.
 */
async function writeFix(file: string, originalText: string | undefined, session: Session): Promise<string> {
  const edits: Pick<FileEdit, 'file' | 'path' | 'original' | 'code'>[] =
    session.finalFiles && session.finalFiles.length > 0
      ? session.finalFiles
      : [
          {
            file,
            path: file,
            original: (originalText ?? '').replace(/^\uFEFF/, ''),
            code: session.finalCode!,
          },
        ];
  const now = await Promise.all(
    edits.map((e) =>
      readFile(e.path, 'utf8').catch((err: NodeJS.ErrnoException) => {
        throw new LdbError(
          'bad-input',
          `cannot read ${e.file} again to write the fix: ${err.code ?? err.message}`,
        );
      }),
    ),
  );
  const changed = edits.filter((e, i) => now[i].replace(/^\uFEFF/, '') !== e.original).map((e) => e.file);
  if (changed.length > 0) {
    throw new LdbError(
      'bad-input',
      edits.length === 1
        ? `${changed[0]} changed while it was being debugged; not written (the fix is in the output above)`
        : `${changed.join(', ')} changed while the project was being debugged; no file written (the fix is in the output above)`,
    );
  }
  const written: number[] = [];
  try {
    for (const [i, e] of edits.entries()) {
      const bom = now[i].startsWith('\uFEFF') ? '\uFEFF' : '';
      await writeFile(e.path, bom + e.code);
      written.push(i);
    }
  } catch (err) {
    await Promise.all(written.map((i) => writeFile(edits[i].path, now[i]).catch(() => undefined)));
    const e = err as NodeJS.ErrnoException;
    throw new LdbError('bad-input', `cannot write the fix: ${e.code ?? e.message}; no file was changed`);
  }
  return `(${edits.map((e) => e.file).join(', ')} written)\n`;
}

/** No model: still useful: the trace of the first failing test, then how to configure one. */
async function noLlm(
  ctx: CommandContext,
  args: {
    file: string;
    tests: string[];
    functionName: string | undefined;
    settings: ReturnType<typeof withDebugDefaults>;
  },
): Promise<number> {
  const { source, results, report } = await traceFirstFailing({
    path: args.file,
    tests: args.tests,
    ...(args.functionName !== undefined ? { functionName: args.functionName } : {}),
    settings: args.settings,
    assets: ctx.assets,
    cwd: ctx.cwd,
    signal: ctx.signal,
  });
  if (report) ctx.stdout(traceText(report));
  else if (results.every((r) => r.outcome.status === 'passed'))
    ctx.stdout(`all ${results.length} visible tests pass\n`);
  else {
    const syntax = source.syntaxErrors[0];
    ctx.stdout(results.map(resultLine).join('\n') + (syntax ? `\n${args.file}: ${syntax.message}\n` : '\n'));
  }
  ctx.stderr(`ldb: ${HOW_TO_CONFIGURE_LLM}\n`);
  return EXIT.noLlm;
}

export function progressLine(e: DebugProgress): string {
  switch (e.kind) {
    case 'running-tests':
      return 'running the visible tests...\n';
    case 'iteration':
      return `iteration ${e.iteration} of ${e.of}\n`;
    case 'tracing':
      return `  tracing ${e.test}\n`;
    case 'asking':
      return `  asking ${e.model} for ${e.what === 'fix' ? 'a fix' : 'block verdicts'}\n`;
    case 'verifying':
      return `  fix: ${e.passed}/${e.total} visible tests pass\n`;
    case 'unusable-reply':
      return `  the ${e.what === 'fix' ? 'fix' : 'verdicts'} could not be used: ${e.reason}\n`;
    default:
      return '';
  }
}
