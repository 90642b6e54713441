// A trace across the project's files (a collected test run under its runner) as one traced run per
// file, so that every file the test went through gets its marks: each its own visits and segments,
// and the exception only where it was raised. Pure: no vscode (test/unit/extension/acrossFiles.test.ts).
import type { FunctionInfo, RunResult } from '../../core/model';
import type { TraceReport } from '../../core/trace/tracing';
import type { TracedRun } from './model';

export interface FileRun {
  /** The file as the report read it (absolute). */
  path: string;
  run: TracedRun;
}

/** One run per file that has visits, the entry's file first; a report of one file is itself. */
export function runsPerFile(report: TraceReport): FileRun[] {
  const { files, entryFile } = report;
  if (!files || entryFile === undefined) return [{ path: report.source.path, run: report }];
  const out: FileRun[] = [];
  const raisedIn = report.run.outcome.exception?.file ?? entryFile;
  const order = [entryFile, ...[...files.keys()].filter((f) => f !== entryFile)];
  for (const rel of order) {
    const source = files.get(rel);
    if (!source) continue;
    const visits = report.run.visits.filter((v) => (v.file ?? entryFile) === rel);
    if (visits.length === 0 && rel !== entryFile) continue;
    const seqs = new Set(visits.map((v) => v.seq));
    const { exception, ...outcome } = report.run.outcome;
    const run: RunResult = {
      ...report.run,
      visits,
      outcome: rel === raisedIn && exception ? { ...outcome, exception } : outcome,
    };
    const entry: FunctionInfo | undefined =
      rel === entryFile
        ? report.entry
        : source.functions.find((f) => f.qualifiedName === visits[0]?.function);
    if (!entry) continue;
    out.push({
      path: source.path,
      run: {
        source,
        entry,
        test: report.test,
        run,
        segments: report.segments.filter((s) => seqs.has(s.seq)),
      },
    });
  }
  return out;
}
