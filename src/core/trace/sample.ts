// LDB keeps a long trace readable by sending only its first and last blocks. We do the same, but
// say how many were left out, and where, instead of silently splicing the two halves together.
import type { Trace, TraceLevel, TraceSegment } from '../model';

/** maxBlocks <= 0 keeps everything. */
export function sampleTrace(segments: readonly TraceSegment[], level: TraceLevel, maxBlocks: number): Trace {
  if (maxBlocks <= 0 || segments.length <= maxBlocks) {
    return { level, segments: [...segments], omitted: 0, totalSegments: segments.length };
  }
  const head = Math.ceil(maxBlocks / 2);
  const tail = maxBlocks - head;
  const kept = [...segments.slice(0, head), ...segments.slice(segments.length - tail)];
  return { level, segments: kept, omitted: segments.length - kept.length, totalSegments: segments.length };
}

/**
 * How many units are missing before `current`: segments sampled out, plus, at block and line
 * level, visits the runtime dropped under its own cap (seen as a jump in `seq`; at function level
 * a segment spans many visits, so `seq` jumps by design).
 */
export function gapBefore(
  previous: TraceSegment | undefined,
  current: TraceSegment,
  level: TraceLevel,
): number {
  if (!previous) return level === 'function' ? 0 : current.seq;
  const sampledOut = current.ordinal - previous.ordinal - 1;
  if (level === 'function') return sampledOut;
  return sampledOut + Math.max(0, current.seq - previous.seq - 1 - sampledOut);
}
