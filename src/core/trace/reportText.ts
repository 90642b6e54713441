// The trace report as plain text: the outcome first, then the block-wise trace exactly as the model
// reads it in the debug prompt, then what was left out. `ldb trace`, `ldb debug`, the MCP server and
// the VS Code language model tool all print this one rendering.
import type { TestOutcome } from '../model';
import { describeException } from './render';
import type { TraceReport } from './tracing';

export function describeOutcome(outcome: TestOutcome): string {
  switch (outcome.status) {
    case 'passed':
      return 'passed';
    case 'failed':
      return outcome.expected !== undefined || outcome.actual !== undefined
        ? `failed: expected ${outcome.expected ?? '?'}, got ${outcome.actual ?? '?'}`
        : `failed${outcome.exception ? `: ${describeException(outcome.exception)}` : ''}`;
    case 'error':
      return `error: ${outcome.exception ? describeException(outcome.exception) : 'the program failed'}`;
    case 'timeout':
      return 'timeout: the time limit was hit';
  }
}

function traceTextHeader(report: TraceReport): string {
  return `${report.entry.qualifiedName} on ${report.test.label}\n${describeOutcome(report.run.outcome)}\n`;
}

export function traceText(report: TraceReport): string {
  const { trace, run } = report;
  const omitted = trace.omitted + run.droppedVisits;
  const shown = trace.segments.length;
  const summary =
    `${shown + omitted} ${trace.level === 'function' ? 'calls' : trace.level + 's'} traced` +
    (omitted > 0 ? ` (${shown} shown, ${omitted} omitted)` : '') +
    ` · ${report.promptTokens} prompt tokens · ${report.timing.totalMs} ms (run ${report.timing.runMs} ms)`;
  const prompt = report.prompt === '' ? '(no block of the traced functions ran)' : report.prompt;
  return `${traceTextHeader(report)}\n${prompt}\n\n${summary}\n`;
}
