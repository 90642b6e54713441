// The trace tool's result: the text rendering (what the agent reads) and the `ldb trace --json`
// object as structured content, both within the character cap. The JSON sheds visits from its
// middle (first and last halves kept, as the trace samples) and the program's output past the cap.
import { capText } from '../../core/agents/boundedText';
import { traceText } from '../../core/trace/reportText';
import type { TraceReport } from '../../core/trace/tracing';
import { traceJson } from '../commands/trace';

// Below this the prompt is not worth keeping at all in a cut form; the text result has it anyway.
const MIN_PROMPT_CHARS = 200;

type TraceJson = ReturnType<typeof traceJson> & { visitsOmitted?: number };

export function boundedTraceJson(report: TraceReport, maxChars: number): TraceJson {
  const full = traceJson(report);
  const size = (j: TraceJson) => JSON.stringify(j).length;
  let json: TraceJson = {
    ...full,
    stdout: capText(full.stdout, Math.floor(maxChars / 8)),
    stderr: capText(full.stderr, Math.floor(maxChars / 8)),
  };
  // Visits go first (the prompt holds the same values, sampled), then the prompt's middle.
  let keep = full.visits.length;
  while (size(json) > maxChars && keep > 0) {
    keep = Math.floor(keep / 2);
    const head = Math.ceil(keep / 2);
    const visits = [...full.visits.slice(0, head), ...full.visits.slice(full.visits.length - (keep - head))];
    json = { ...json, visits, visitsOmitted: full.visits.length - visits.length };
  }
  let promptChars = full.prompt.length;
  while (size(json) > maxChars && promptChars > MIN_PROMPT_CHARS) {
    promptChars = Math.max(MIN_PROMPT_CHARS, promptChars - (size(json) - maxChars) - 100);
    json = { ...json, prompt: capText(full.prompt, promptChars) };
  }
  return json;
}

export function boundedTraceText(report: TraceReport, maxChars: number): string {
  return capText(traceText(report), maxChars);
}
