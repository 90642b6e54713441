// One iteration's code and fix, over one file or several: which functions of which files the model
// sees (the trace decides), the code block of the request, the fix request, and the fix read back
// into one placed text per file. One file reads as LDB's prompt does; several name each file.
import { resolve } from 'node:path';
import type { FunctionInfo, SourceFile } from '../model';
import type { PromptWords } from '../languages/support';
import { fileHeader, fixRequest, fixRequestAcross } from '../llm/prompts/text';
import { wasmDir, type Assets, type TraceReport } from '../trace/tracing';
import { promptCode, promptCodeAcross, shownAcross, shownFunctions, type ShownFile } from './codeView';
import type { Parsed } from './conversation';
import { placeFixAcross, type EntryAt } from './fixAcrossFiles';
import type { PlacedFile, ProgramVersion } from './programVersion';
import { placeFix } from './replyReading';

export interface FixRound {
  /** The functions shown, per file: one entry unless the trace spanned files. */
  shown: ShownFile[];
  entry: EntryAt;
}

/**
 * What the model sees this iteration. A trace across modules shows the functions that ran in every
 * file it reached; a trace of the debugged file, its entry and the helpers that ran; no trace, the
 * entry (or the whole file when it does not parse) and what earlier fixes changed in other files.
 */
export function fixRound(
  version: ProgramVersion,
  report: TraceReport | undefined,
  entryName: string,
  mainName: string,
): FixRound {
  if (report?.files && report.entryFile !== undefined) {
    const shown = shownAcross(report);
    if (shown.length > 0)
      return { shown, entry: { file: report.entryFile, name: report.entry.qualifiedName } };
  }
  const main = version.main;
  const functions = report
    ? shownFunctions(
        main,
        report.entry,
        report.run.visits.map((v) => v.function),
      )
    : entryOnly(main, entryName);
  const shown: ShownFile[] = [{ file: nameIn(version, main.path) ?? mainName, source: main, functions }];
  if (!report) {
    const mainPath = resolve(main.path);
    for (const [path, f] of version.changed) {
      if (path === mainPath) continue;
      // The whole file: what broke may be outside its functions (an import); any function may be rewritten.
      const fns = f.source.functions.filter((fn) => fn.parent === undefined);
      shown.push({ file: f.file, source: f.source, functions: fns, whole: true });
    }
  }
  return { shown, entry: { file: shown[0].file, name: entryName } };
}

/** The request's code block: LDB's one block of code, each file after its header line when several. */
export function roundCode(round: FixRound, words: PromptWords): string {
  const [only] = round.shown;
  if (round.shown.length === 1) return promptCode(only.source, only.whole ? [] : only.functions);
  return promptCodeAcross(round.shown, (file) => fileHeader(file, words));
}

export function roundFixRequest(round: FixRound, words: PromptWords): string {
  return round.shown.length === 1
    ? fixRequest(shortName(round.entry.name), words)
    : fixRequestAcross(
        round.shown.map((f) => f.file),
        words,
      );
}

/** The fix in the reply, placed: one text per file it changes; or why it cannot be used. */
export async function readFix(
  reply: string,
  round: FixRound,
  assets: Assets,
  replacesProgram = false,
): Promise<Parsed<PlacedFile[]>> {
  if (round.shown.length > 1) return placeFixAcross(reply, round.shown, round.entry, wasmDir(assets));
  const [only] = round.shown;
  const placed = await placeFix(
    reply,
    only.source,
    round.entry.name,
    only.functions.map((f) => f.qualifiedName),
    assets,
    replacesProgram,
  );
  if (!placed.ok) return placed;
  return { ok: true, value: [{ file: only.file, source: only.source, ...placed.value }] };
}

/** How a trace across modules named a file of the version, when one did (relative to the project root). */
function nameIn(version: ProgramVersion, path: string): string | undefined {
  const changed = version.changed.get(resolve(path));
  return changed?.file;
}

function entryOnly(source: SourceFile, entryName: string): FunctionInfo[] {
  const fn = source.functions.find((f) => f.qualifiedName === entryName);
  return fn ? [fn] : [];
}

function shortName(qualified: string): string {
  return qualified.slice(qualified.lastIndexOf('.') + 1);
}
