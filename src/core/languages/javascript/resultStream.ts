// What the JavaScript runtime sent on the result pipe, put together: it streams its visits while
// the program runs (`{"visits": [...]}` frames, runtime/ldb_js_stream.cjs) and ends with the
// result (outcome, the visits not sent yet, how many visits there were). A child killed before
// its result (time limit, out of memory, process.abort) still leaves the visits it streamed. A
// visit may come twice (once while its call could still change it, once settled): the later copy
// wins. Then the first and last maxVisits/2 are kept, as the runtime keeps them.
import type { BlockVisit } from '../../model';
import { signedFrames } from '../../run/resultChannel';
import { parseWrittenResult, type WrittenResult } from '../../run/runResult';

export interface StreamedResult {
  /** The runtime's result, when it wrote one. */
  written?: WrittenResult;
  visits: BlockVisit[];
  droppedVisits: number;
}

export function readStreamedResult(
  channel: Buffer | undefined,
  token: string,
  maxVisits: number,
): StreamedResult {
  const bySeq = new Map<number, BlockVisit>();
  let written: (WrittenResult & { visitCount?: number }) | undefined;
  for (const text of signedFrames(channel, token)) {
    const result = parseWrittenResult(text, (p) =>
      typeof p.visitCount === 'number' ? { visitCount: p.visitCount } : {},
    );
    let visits: unknown;
    if (result !== undefined) {
      written = result;
      visits = result.visits;
    } else {
      try {
        visits = (JSON.parse(text) as { visits?: unknown }).visits;
      } catch {
        continue; // not ours to read: a frame we cannot parse says nothing
      }
    }
    if (!Array.isArray(visits)) continue;
    for (const v of visits as BlockVisit[]) if (typeof v?.seq === 'number') bySeq.set(v.seq, v);
  }
  const seqs = [...bySeq.keys()].sort((a, b) => a - b);
  const total = written?.visitCount ?? (seqs.length > 0 ? seqs[seqs.length - 1] + 1 : 0);
  const half = Math.max(1, Math.floor(maxVisits / 2));
  const kept = seqs.filter((s) => s < half || s >= total - half).map((s) => bySeq.get(s)!);
  const droppedVisits = Math.max(0, total - 2 * half);
  return {
    ...(written ? { written: { ...written, visits: kept, droppedVisits } } : {}),
    visits: kept,
    droppedVisits,
  };
}
