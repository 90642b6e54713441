// INTERNAL, for the extension's own host tests (test/host): what `activate()` returns. A read-only
// snapshot of what LDB shows (marks and their layout, what was drawn, the pending fix, messages,
// the last session, timings). Not a public API: it may change with any release.
import type { ExceptionInfo, Session, TestOutcome, Verdict } from '../core/model';
import type { LdbContext } from './context';
import type { ContextKey } from './contextKeys';
import type { Drawn } from './decorations/render';
import { layout, type Layout } from './marks/layout';
import type { DocMarks } from './marks/model';
import type { ShownMessage } from './notify';
import type { ItemTree, RecordedRun } from './testRecords';

export interface TestingState {
  activationMs: number | undefined;
  /** From the start of the last Trace Only / Debug with Trace command to its first drawn marks. */
  commandToMarksMs: number | undefined;
  busy: boolean;
  phase: string | undefined;
  /** The input box LDB has open: 'test', 'api-key', 'reject-reason'. */
  prompting: string | undefined;
  /** The last messages shown (a few dozen). */
  messages: ShownMessage[];
  /** How many were shown since activation: what a test counts from (`messages` is capped). */
  messagesShown: number;
  documents: { uri: string; marks: DocMarks; layout: Layout; drawn: Drawn['kinds'] | undefined }[];
  pendingFix:
    | {
        uri: string;
        fixUri: string;
        summary: string;
        code: string;
        hunks: { oldStart: number; oldCount: number; newLines: string[] }[];
        /** Every file the fix changes or depends on (the debugged one first), with its hunk count. */
        files: { uri: string; fixUri: string; code: string; hunks: number }[];
      }
    | undefined;
  lastSession: Session | undefined;
  lastTrace:
    | {
        uri: string;
        test: string;
        outcome: TestOutcome;
        exception?: ExceptionInfo;
        prompt: string;
        verdicts: Verdict[];
      }
    | undefined;
  statusBar: string;
  /** Whether the status bar item is shown at all. */
  statusBarShown: boolean;
  contextKeys: Partial<Record<ContextKey, boolean>>;
  /** The Testing view: its items, and what its last runs reported. */
  testItems: ItemTree[];
  testRuns: RecordedRun[];
  /** The last lines of the LDB output channel, `info: ...`. */
  log: string[];
}

export interface LdbExtensionApi {
  /** Internal: for LDB's own host tests only. */
  readonly testing: { state(): TestingState };
}

const copy = <T>(value: T): T => (value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T));

export function testingApi(ctx: LdbContext): LdbExtensionApi {
  return {
    testing: {
      state(): TestingState {
        const pending = ctx.fixes.pending;
        const trace = ctx.lastTrace;
        const keys: ContextKey[] = [
          'ldb.busy',
          'ldb.fixPending',
          'ldb.hasTrace',
          'ldb.hasSession',
          'ldb.hasMarks',
        ];
        return copy({
          activationMs: ctx.timings.activationMs,
          commandToMarksMs: ctx.timings.commandToMarksMs,
          busy: ctx.current !== undefined,
          phase: ctx.current?.phase,
          prompting: ctx.fixes.prompting ? 'reject-reason' : ctx.prompting,
          messages: ctx.notify.shown,
          messagesShown: ctx.notify.total,
          documents: ctx.marks.entries().map(([uri, marks]) => ({
            uri: uri.toString(),
            marks,
            layout: layout(marks),
            drawn: ctx.renderer.drawnFor(uri)?.kinds,
          })),
          pendingFix: pending && {
            uri: pending.uri.toString(),
            fixUri: pending.fixUri.toString(),
            summary: pending.summary,
            code: pending.code,
            hunks: pending.hunks.map((h) => ({
              oldStart: h.oldStart,
              oldCount: h.oldCount,
              newLines: h.newLines,
            })),
            files: pending.files.map((f) => ({
              uri: f.uri.toString(),
              fixUri: f.fixUri.toString(),
              code: f.code,
              hunks: f.hunks.length,
            })),
          },
          lastSession: ctx.lastSession,
          lastTrace: trace && {
            uri: trace.uri.toString(),
            test: trace.report.test.label,
            outcome: trace.report.run.outcome,
            prompt: trace.report.prompt,
            verdicts: trace.verdicts,
          },
          statusBar: ctx.status.text,
          statusBarShown: ctx.status.visible,
          contextKeys: Object.fromEntries(keys.map((k) => [k, ctx.keys.get(k)])),
          testItems: ctx.testController?.tree() ?? [],
          testRuns: ctx.testController?.runs ?? [],
          log: [...ctx.logLines],
        });
      },
    },
  };
}
