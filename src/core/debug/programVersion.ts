// One version of the program the loop debugs, over files: the debugged file and every project file
// the fixes so far changed, each with the text the session first read (what the user has). Runs of
// a version import its changed files from temporary copies (an overlay), so the user's files stay
// as they are until a fix is accepted; a fix shows and applies as one edit per changed file.
import { resolve } from 'node:path';
import type { FileEdit, SourceFile } from '../model';

/** A file a fix changed: as it is in this version, and as the user has it. */
export interface ChangedFile {
  /** As the prompt names it (see FileEdit.file). */
  file: string;
  source: SourceFile;
  original: string;
  /** Qualified names of the functions the fixes rewrote or added here, in the order they did. */
  functions: string[];
}

export interface ProgramVersion {
  /** The debugged file (the one named), as in this version. */
  main: SourceFile;
  /** Absolute path -> every file a fix changed (the debugged file too, when one did). */
  changed: ReadonlyMap<string, ChangedFile>;
  /** The debugged file's first text is not the one on disk (an editor's unsaved buffer). */
  mainUnsaved?: true;
}

/** What a fix placed into one file: the file's new text and the functions it rewrote or added. */
export interface PlacedFile {
  file: string;
  /** The file as the fix was placed into it (this version's). */
  source: SourceFile;
  text: string;
  functions: string[];
}

export function firstVersion(main: SourceFile, mainOnDisk: string | undefined): ProgramVersion {
  return {
    main,
    changed: new Map(),
    ...(mainOnDisk !== main.text ? { mainUnsaved: true as const } : {}),
  };
}

/**
 * The next version: this one with a fix's files, each parsed by `parse`. A file keeps the text the
 * user has as its original, however many fixes changed it since.
 */
export async function withFix(
  version: ProgramVersion,
  placed: readonly PlacedFile[],
  parse: (path: string, text: string) => Promise<SourceFile>,
): Promise<ProgramVersion> {
  const changed = new Map(version.changed);
  let main = version.main;
  const mainPath = resolve(main.path);
  for (const p of placed) {
    const path = resolve(p.source.path);
    const before = changed.get(path);
    const source = await parse(path === mainPath ? main.path : p.source.path, p.text);
    changed.set(path, {
      file: before?.file ?? p.file,
      source,
      original: before?.original ?? (path === mainPath ? version.main.text : p.source.text),
      functions: [...new Set([...(before?.functions ?? []), ...p.functions])],
    });
    if (path === mainPath) main = source;
  }
  return { ...version, main, changed };
}

/**
 * What runs of this version import instead of the files on disk: every changed file, and the
 * debugged file when the text debugged is not the one on disk (an editor's unsaved buffer).
 */
export function overlayOf(version: ProgramVersion): ReadonlyMap<string, string> {
  const overlay = new Map<string, string>();
  for (const [path, f] of version.changed) overlay.set(path, f.source.text);
  const mainPath = resolve(version.main.path);
  if (!overlay.has(mainPath) && version.mainUnsaved) overlay.set(mainPath, version.main.text);
  return overlay;
}

/** The version as edits of the user's files: one per file whose text it changes. */
export function fileEdits(version: ProgramVersion): FileEdit[] {
  return [...version.changed.entries()]
    .filter(([, f]) => f.source.text !== f.original)
    .map(([path, f]) => ({
      file: f.file,
      path,
      functions: f.functions,
      original: f.original,
      code: f.source.text,
    }));
}
