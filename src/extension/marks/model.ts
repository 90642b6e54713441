// What LDB shows in an editor after a run, as plain data: per traced block its visits and verdict,
// the line that raised, a proposed fix. Built from the core's TraceReport and Verdicts; no vscode
// here (the drawing step, decorations/render.ts, turns it into decorations). Lines are 1-based, as
// in the core's model, and are kept current as the document is edited (shiftMarks).
import type { BlockVisit, TestOutcome, Verdict } from '../../core/model';
import type { TraceReport } from '../../core/trace/tracing';

export interface VisitRow extends Pick<
  BlockVisit,
  'depth' | 'iteration' | 'before' | 'after' | 'returned' | 'raised' | 'seq'
> {
  /** The trace segment label (`BLOCK-7`) the model saw this visit as. */
  label: string;
}

export type BlockState = 'traced' | 'correct' | 'wrong' | 'unknown';

export interface BlockMark {
  id: string;
  function: string;
  startLine: number;
  endLine: number;
  /** Every recorded visit, in run order. */
  visits: VisitRow[];
  state: BlockState;
  /** The model's explanations for this block, one per segment it judged (deduplicated). */
  explanations: string[];
}

export interface ProposedLine {
  /** The document line the proposal is shown beside. */
  line: number;
  text: string;
}

export interface FixMark {
  /** Lines of the document the fix replaces or removes. */
  lines: number[];
  /** The proposed text beside them. */
  proposed: ProposedLine[];
  /** Where the Accept / Reject lenses go. */
  anchorLine: number;
  summary: string;
}

export interface DocMarks {
  /** Line ranges of the traced functions: an edit inside one clears every mark. */
  regions: { startLine: number; endLine: number }[];
  blocks: BlockMark[];
  raised?: { line: number; text: string };
  testLabel: string;
  outcome: TestOutcome;
  fix?: FixMark;
}

/** What the marks are made of: a TraceReport, or the same parts before the prompt is rendered. */
export type TracedRun = Pick<TraceReport, 'source' | 'entry' | 'test' | 'run' | 'segments'>;

/** Marks of one traced run: a block per unit that ran in this file, with all its visits. */
export function marksFromReport(report: TracedRun): DocMarks {
  const source = report.source;
  const visitsByBlock = new Map<string, BlockVisit[]>();
  for (const v of [...report.run.visits].sort((a, b) => a.seq - b.seq)) {
    const list = visitsByBlock.get(v.block);
    if (list) list.push(v);
    else visitsByBlock.set(v.block, [v]);
  }
  const labelOf = new Map<number, string>(report.segments.map((s) => [s.seq, s.label]));
  const lineOfSegment = new Map<number, { startLine: number; endLine: number }>(
    report.segments.map((s) => [s.seq, { startLine: s.startLine, endLine: s.endLine }]),
  );
  const blocks: BlockMark[] = [];
  for (const [id, visits] of visitsByBlock) {
    const fnName = id.slice(0, Math.max(id.lastIndexOf('#'), id.lastIndexOf('@')));
    const block = source.functions.flatMap((f) => f.blocks).find((b) => b.id === id);
    // Line-level units (`f@L12`) are not blocks: their lines come from the segment.
    const lines = block ?? lineOfSegment.get(visits[0].seq);
    if (!lines || lines.startLine <= 0) continue;
    blocks.push({
      id,
      function: block?.function ?? fnName,
      startLine: lines.startLine,
      endLine: lines.endLine,
      visits: visits.map((v) => ({
        label: labelOf.get(v.seq) ?? `#${v.seq}`,
        depth: v.depth,
        iteration: v.iteration,
        before: v.before,
        after: v.after,
        ...(v.returned !== undefined ? { returned: v.returned } : {}),
        ...(v.raised ? { raised: v.raised } : {}),
        seq: v.seq,
      })),
      state: 'traced',
      explanations: [],
    });
  }
  blocks.sort((a, b) => a.startLine - b.startLine || a.endLine - b.endLine);
  const ran = new Set(blocks.map((b) => b.function));
  ran.add(report.entry.qualifiedName);
  const regions = source.functions
    .filter((f) => ran.has(f.qualifiedName))
    .map((f) => ({ startLine: f.startLine, endLine: f.endLine }));
  const exception = report.run.outcome.exception;
  const marks: DocMarks = {
    regions,
    blocks,
    testLabel: report.test.label,
    outcome: report.run.outcome,
  };
  if (exception?.line !== undefined) {
    marks.raised = {
      line: exception.line,
      text: `raised ${exception.type}${exception.message ? `: ${exception.message}` : ''}`,
    };
  }
  return marks;
}

/**
 * Puts the model's verdicts on the blocks. A verdict names a trace segment (`BLOCK-7`, whose number
 * is the visit's seq); a block visited several times is wrong when any of its visits was judged
 * wrong, correct when all judged ones were right.
 */
export function withVerdicts(marks: DocMarks, verdicts: readonly Verdict[]): DocMarks {
  const byLabel = new Map<string, Verdict>(verdicts.map((v) => [v.block, v]));
  const blocks = marks.blocks.map((b): BlockMark => {
    const judged = b.visits.map((v) => byLabel.get(v.label)).filter((v): v is Verdict => v !== undefined);
    // Verdicts for segments we cannot place by label (another level) fall back on the lines.
    const byLines =
      judged.length > 0
        ? judged
        : verdicts.filter((v) => v.startLine === b.startLine && v.endLine === b.endLine);
    if (byLines.length === 0) return { ...b, state: 'traced', explanations: [] };
    const wrong = byLines.filter((v) => v.correct === false);
    const state: BlockState =
      wrong.length > 0 ? 'wrong' : byLines.every((v) => v.correct === true) ? 'correct' : 'unknown';
    const explanations = [
      ...new Set((wrong.length > 0 ? wrong : byLines).map((v) => v.explanation.trim()).filter(Boolean)),
    ];
    return { ...b, state, explanations };
  });
  return { ...marks, blocks };
}

/** One text edit as line numbers: lines startLine..endLine (1-based) replaced by text with `newLines` line breaks. */
export interface LineEdit {
  startLine: number;
  endLine: number;
  /** How many line breaks the replaced range held (endLine - startLine for a range ending mid-line). */
  removedBreaks: number;
  addedBreaks: number;
}

/**
 * The marks after an edit: cleared (undefined) when the edit touches a traced function (the code
 * under them changed), moved when it is above them, unchanged when it is below.
 */
export function shiftMarks(marks: DocMarks, edit: LineEdit): DocMarks | undefined {
  const touches = marks.regions.some((r) => edit.startLine <= r.endLine && edit.endLine >= r.startLine);
  const fixLines = [...(marks.fix?.lines ?? []), ...(marks.fix?.proposed.map((p) => p.line) ?? [])];
  const fixTouched = fixLines.some((l) => l >= edit.startLine && l <= edit.endLine);
  if (touches || fixTouched) return undefined;
  const delta = edit.addedBreaks - edit.removedBreaks;
  const raisedTouched =
    marks.raised !== undefined && marks.raised.line >= edit.startLine && marks.raised.line <= edit.endLine;
  if (delta === 0 && !raisedTouched) return marks;
  // Nothing below the edit: nothing moves (the same object: the store then tells no one).
  const lowest = Math.max(
    ...marks.regions.map((r) => r.endLine),
    ...marks.blocks.map((b) => b.endLine),
    ...(marks.raised ? [marks.raised.line] : []),
    ...(marks.fix ? [marks.fix.anchorLine, ...fixLines] : []),
  );
  if (lowest <= edit.endLine && !raisedTouched) return marks;
  // Only what sits below the edit moves (an edit between two traced functions moves the lower one).
  const move = (line: number): number => (line > edit.endLine ? line + delta : line);
  const next: DocMarks = {
    ...marks,
    regions: marks.regions.map((r) => ({ startLine: move(r.startLine), endLine: move(r.endLine) })),
    blocks: marks.blocks.map((b) => ({ ...b, startLine: move(b.startLine), endLine: move(b.endLine) })),
  };
  if (marks.raised && !raisedTouched) next.raised = { ...marks.raised, line: move(marks.raised.line) };
  else delete next.raised;
  if (marks.fix) {
    next.fix = {
      ...marks.fix,
      lines: marks.fix.lines.map(move),
      proposed: marks.fix.proposed.map((p) => ({ ...p, line: move(p.line) })),
      anchorLine: move(marks.fix.anchorLine),
    };
  }
  return next;
}
