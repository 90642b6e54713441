// Renders a sampled trace as the text the LLM reads: LDB's `[BLOCK-i]` segments, each with its code
// between `# name = value` state comments. To carry LDB's information in fewer tokens, a state is
// written once and then only its changes: the state before a segment is omitted when it is the
// state the previous segment of the same call left, and the state after lists only the variables
// that changed (a variable not listed kept its value).
import type { ExceptionInfo, Trace, TraceSegment } from '../model';
import { gapBefore } from './sample';

export interface RenderOptions {
  /** The function the test calls: segments of other functions, or deeper calls, say where they run. */
  entryFunction?: string;
  /** Applied to every value before it is written (redaction patterns). */
  redact?: (value: string) => string;
  /** What ended the run early, written after the last segment (e.g. a time limit). */
  stoppedBecause?: string;
}

const BRANCH_TEXT: Record<NonNullable<TraceSegment['branch']>, string> = {
  true: '# condition: True',
  false: '# condition: False',
  'loop-exit': '# loop ends',
};

const UNIT_NAME: Record<Trace['level'], string> = { block: 'blocks', line: 'lines', function: 'calls' };

export function renderTrace(trace: Trace, options: RenderOptions = {}): string {
  const out: string[] = [];
  const redact = options.redact ?? ((v: string) => v);
  // The last state written for each call (function + depth identifies the live frame in order).
  const lastState = new Map<string, Record<string, string>>();
  const codeShown = new Set<string>();
  let previous: TraceSegment | undefined;
  for (const segment of trace.segments) {
    const gap = gapBefore(previous, segment, trace.level);
    if (gap > 0) {
      out.push(`# ... ${gap} ${UNIT_NAME[trace.level]} omitted ...`);
      lastState.clear();
    }
    out.push(header(segment, options.entryFunction));
    const frameKey = `${segment.function}/${segment.depth}`;
    const known = lastState.get(frameKey);
    if (!known || !sameState(known, segment.before)) out.push(stateLine(segment.before, redact));
    // At function level a recursive function would repeat its whole body per call: show it once.
    const codeKey = `${segment.function}:${segment.startLine}`;
    if (trace.level !== 'function' || !codeShown.has(codeKey)) {
      if (segment.code !== '') out.push(segment.code);
      codeShown.add(codeKey);
    }
    const changed = diffState(segment.before, segment.after);
    if (segment.raised) out.push(`# raised ${describeException(segment.raised, redact)}`);
    else if (segment.returned !== undefined) {
      if (Object.keys(changed).length > 0) out.push(stateLine(changed, redact));
      out.push(`# returned ${redact(segment.returned)}`);
    } else if (segment.branch !== undefined) {
      if (Object.keys(changed).length > 0) out.push(stateLine(changed, redact));
      out.push(BRANCH_TEXT[segment.branch]);
    } else out.push(Object.keys(changed).length > 0 ? stateLine(changed, redact) : '# (no change)');
    if (segment.returned !== undefined || segment.raised) lastState.delete(frameKey);
    else lastState.set(frameKey, segment.after);
    previous = segment;
  }
  if (options.stoppedBecause) out.push(`# ... stopped: ${options.stoppedBecause}`);
  return out.join('\n');
}

function header(segment: TraceSegment, entry: string | undefined): string {
  const where: string[] = [];
  if (entry !== undefined && segment.function !== entry) where.push(`in ${segment.function}`);
  if (segment.depth > 0) where.push(`depth ${segment.depth}`);
  return where.length > 0 ? `[${segment.label}] (${where.join(', ')})` : `[${segment.label}]`;
}

function stateLine(state: Record<string, string>, redact: (v: string) => string): string {
  const parts = Object.entries(state).map(([name, value]) => `${name} = ${redact(value)}`);
  return parts.length === 0 ? '# (no variables)' : `# ${parts.join(', ')}`;
}

/** Variables whose value is new or changed; a deleted variable shows as `<deleted>`. */
export function diffState(
  before: Record<string, string>,
  after: Record<string, string>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(after)) if (before[name] !== value) out[name] = value;
  for (const name of Object.keys(before)) if (!(name in after)) out[name] = '<deleted>';
  return out;
}

function sameState(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

export function describeException(e: ExceptionInfo, redact: (v: string) => string = (v) => v): string {
  const message = e.message === '' ? '' : `: ${redact(e.message)}`;
  return `${e.type}${message}${e.line !== undefined ? ` (line ${e.line})` : ''}`;
}
