// The trace segments of a run, without the prompt: what the marks need, computed the way the core's
// assembleTrace computes them (same core functions), so Trace Only can draw before the prompt's
// tokens are counted (building the tokenizer takes most of a second the first time).
import type { RunResult, SourceFile, TraceLevel, TraceSegment } from '../../core/model';
import { lineToBlock } from '../../core/languages/python/lineMap';
import { buildSegments } from '../../core/trace/segments';
import { indexUnits } from '../../core/trace/units';

export function runSegments(source: SourceFile, run: RunResult, level: TraceLevel): TraceSegment[] {
  return buildSegments(
    source,
    run.visits,
    level,
    indexUnits(lineToBlock(source, level === 'line' ? 'line' : 'block')),
  );
}
