// The request for verdicts: task, code, the failing test with its real output, and the trace,
// sampled down until the whole conversation fits the context budget (the task, the code and the
// failing test stay whole; sampled blocks go first). Without a trace it says why there is none.
import type { DebugRequest } from './request';
import type { SourceFile, TestCase, TestResult } from '../model';
import type { DebugSettings } from '../settings';
import { debugRequest, failingTestLine } from '../llm/prompts/text';
import { countMessageTokens, TOKENS_PER_REPLY } from '../llm/tokens';
import { describeException } from '../trace/render';
import { sampledPrompt, type TraceReport } from '../trace/tracing';
import { languageById } from '../languages/registry';
import type { Conversation } from './conversation';

/** The verdict request, its trace sampled down until the whole conversation fits the budget. */
export function fitRequest(
  program: SourceFile,
  code: string,
  test: TestCase,
  report: TraceReport | undefined,
  results: TestResult[],
  req: Pick<DebugRequest, 'task' | 'redact'> & {
    settings: Pick<DebugSettings, 'timeoutMs' | 'level' | 'contextBudget'>;
  },
  conversation: Conversation,
  preamble: string | undefined,
): string {
  const outcome = report?.run.outcome ?? results.find((r) => r.test === test.id)!.outcome;
  const base = {
    ...(req.task !== undefined ? { task: req.task } : {}),
    code,
    words: languageById(program.language).words,
    failingTest: failingTestLine(test, outcome, req.settings.timeoutMs, req.redact),
  };
  const compose = (maxBlocks: number): string => {
    let body: string;
    if (report && report.run.visits.length > 0) {
      const prompt =
        maxBlocks === report.trace.segments.length
          ? report.prompt
          : sampledPrompt({
              ...report,
              level: req.settings.level,
              maxBlocks,
              ...(req.redact ? { redact: req.redact } : {}),
            }).prompt;
      body = debugRequest({ ...base, trace: { text: prompt, level: req.settings.level } });
    } else {
      body = debugRequest({ ...base, problem: noTraceReason(program, outcome) });
    }
    return preamble === undefined ? body : `${preamble}\n\n${body}`;
  };
  let maxBlocks = report ? report.trace.segments.length : 0;
  let text = compose(maxBlocks);
  // The conversation so far is counted once; only the new message changes between tries.
  const sofar = countMessageTokens(conversation.messages) - TOKENS_PER_REPLY;
  const fits = (t: string): boolean =>
    sofar + countMessageTokens([{ role: 'user', content: t }]) <= req.settings.contextBudget;
  while (maxBlocks > 2 && !fits(text)) {
    maxBlocks = Math.max(2, Math.floor(maxBlocks / 2));
    text = compose(maxBlocks);
  }
  return text;
}

function noTraceReason(program: SourceFile, outcome: TestResult['outcome']): string {
  const syntax = program.syntaxErrors[0];
  if (syntax) return `the code does not parse: syntax error at ${syntax.line}:${syntax.column}`;
  if (outcome.exception)
    return `the program raised ${describeException(outcome.exception)} before any traced line of the function ran`;
  return 'no line of the function ran';
}
