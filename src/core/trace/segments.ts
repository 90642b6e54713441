// Turns the runtime's block visits into LDB trace segments at the three levels LDB knows:
// block (one segment per block visit), line (the runtime ran with one unit per statement, so its
// visits are already lines) and function (one segment per call, from its first to its last visit).
import type { BlockVisit, SourceFile, TraceLevel, TraceSegment } from '../model';
import { findBlock, sourceLines, unitText, type UnitIndex } from './units';

const LABEL_PREFIX: Record<TraceLevel, string> = { block: 'BLOCK', line: 'LINE', function: 'FUNCTION' };

export function buildSegments(
  source: SourceFile,
  visits: readonly BlockVisit[],
  level: TraceLevel,
  units: UnitIndex,
): TraceSegment[] {
  const ordered = [...visits].sort((a, b) => a.seq - b.seq);
  if (level === 'function') {
    return perCall(source, ordered).map((s, i) => ({ ...s, label: `FUNCTION-${i}`, ordinal: i }));
  }
  const branches =
    level === 'block' ? branchesTaken(source, ordered) : new Map<BlockVisit, TraceSegment['branch']>();
  // Numbered by the runtime's visit order, so labels stay true when it dropped visits in the middle.
  return ordered.map((v, i) => {
    const branch = branches.get(v);
    return {
      ...fromVisit(source, units, v),
      label: `${LABEL_PREFIX[level]}-${v.seq}`,
      ordinal: i,
      ...(branch ? { branch } : {}),
    };
  });
}

/**
 * Which way each condition and loop header went: the next visit of the same call is one of its
 * successors. The segmenter numbers blocks in source order and the body follows its header, so
 * the nearest successor after the header is the body (condition true, one more iteration); the
 * other one (a later block, or a loop header before it) is the way out (false, loop done).
 */
function branchesTaken(
  source: SourceFile,
  ordered: readonly BlockVisit[],
): Map<BlockVisit, TraceSegment['branch']> {
  const out = new Map<BlockVisit, TraceSegment['branch']>();
  const pending = new Map<number, BlockVisit>();
  for (const v of ordered) {
    const open = pending.get(v.call);
    if (open) {
      pending.delete(v.call);
      const block = findBlock(source, open.block);
      if (block && block.successors.length === 2 && block.successors.includes(v.block)) {
        const after = block.successors
          .map((id) => findBlock(source, id))
          .filter((b) => b !== undefined && b.index > block.index)
          .sort((a, b) => a!.index - b!.index)[0];
        const intoBody = after !== undefined && after.id === v.block;
        if (block.kind === 'loop') {
          if (!intoBody) out.set(open, 'loop-exit');
        } else out.set(open, intoBody ? 'true' : 'false');
      }
    }
    const kind = findBlock(source, v.block)?.kind;
    if (kind === 'condition' || kind === 'loop') pending.set(v.call, v);
  }
  return out;
}
/** One segment per call: the state on entry, the state on exit, and the whole function's code. */
function perCall(source: SourceFile, visits: readonly BlockVisit[]): TraceSegment[] {
  const calls = new Map<number, BlockVisit[]>();
  for (const v of visits) {
    const list = calls.get(v.call);
    if (list) list.push(v);
    else calls.set(v.call, [v]);
  }
  const lines = sourceLines(source);
  const callsSoFar = new Map<string, number>();
  const out: TraceSegment[] = [];
  for (const list of [...calls.values()].sort((a, b) => a[0].seq - b[0].seq)) {
    const first = list[0];
    const last = list[list.length - 1];
    const fn = source.functions.find((f) => f.qualifiedName === first.function);
    const startLine = fn?.defLine ?? 0;
    const endLine = fn?.endLine ?? 0;
    const iteration = callsSoFar.get(first.function) ?? 0;
    callsSoFar.set(first.function, iteration + 1);
    out.push({
      label: '',
      ordinal: 0,
      seq: first.seq,
      function: first.function,
      depth: first.depth,
      iteration,
      startLine,
      endLine,
      code: lines.slice(startLine - 1, endLine).join('\n'),
      before: first.before,
      after: last.after,
      ...(last.returned !== undefined ? { returned: last.returned } : {}),
      ...(last.raised !== undefined ? { raised: last.raised } : {}),
    });
  }
  return out;
}
function fromVisit(source: SourceFile, units: UnitIndex, visit: BlockVisit): TraceSegment {
  const { startLine, endLine, code } = unitText(source, units, visit.block);
  return {
    label: '',
    ordinal: 0,
    seq: visit.seq,
    function: visit.function,
    depth: visit.depth,
    iteration: visit.iteration,
    startLine,
    endLine,
    code,
    before: visit.before,
    after: visit.after,
    ...(visit.returned !== undefined ? { returned: visit.returned } : {}),
    ...(visit.raised !== undefined ? { raised: visit.raised } : {}),
  };
}
