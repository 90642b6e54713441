// The tests of a file, a folder or a project, the one API `ldb tests` and the editor call: what a
// file holds itself (doctests, asserts, test functions, read from its syntax) and what the project's
// test runner collects there (run in the sandbox by the file's language support).
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { badInput } from '../errors';
import type { SourceFile } from '../model';
import { allLanguages, languageById, languageForPathOrDefault } from '../languages/registry';
import { readSource } from '../source';
import type { TestCollection } from '../languages/support';
import type { Settings } from '../settings';
import { loadProgram, wasmDir, type Assets } from '../trace/tracing';

export interface ListTestsRequest {
  /** A file, a folder, or a project root. */
  target: string;
  settings: Settings;
  assets: Assets;
  /**
   * The folder the listing is asked from, as a shell's working folder (see workingFolder.ts): the
   * runner's ids are relative to the project root it finds from there. Absent: this process's.
   */
  cwd?: string;
  signal?: AbortSignal;
}

export interface TestListing {
  kind: 'file' | 'folder';
  /** The file as read, with the tests it holds itself (files only). */
  source?: SourceFile;
  /** What the project's test runner collected (folders, and files the runner reads). */
  collection?: TestCollection;
}

async function kindOf(target: string): Promise<'file' | 'folder'> {
  try {
    return (await stat(target)).isDirectory() ? 'folder' : 'file';
  } catch {
    throw badInput(`${target}: no such file or folder`);
  }
}

export async function listTests(req: ListTestsRequest): Promise<TestListing> {
  const kind = await kindOf(req.target);
  const collect = {
    target: resolve(req.target),
    settings: req.settings,
    assetsDir: req.assets.dir,
    read: (path: string) => readSource(path, wasmDir(req.assets)),
    ...(req.cwd !== undefined ? { cwd: req.cwd } : {}),
    ...(req.signal ? { signal: req.signal } : {}),
  };
  if (kind === 'folder') {
    // A folder is the first language's project, unless another claims it (its tests only are there).
    const support =
      allLanguages().find((s) => s.claimsFolder?.(collect.target, req.settings.maxProjectFiles)) ??
      languageForPathOrDefault(req.target);
    if (support.collectTests === undefined)
      throw badInput(`${req.target}: LDB has no test runner for this folder`);
    return { kind, collection: await support.collectTests(collect) };
  }
  const source = await loadProgram({ path: req.target, assets: req.assets });
  const support = languageById(source.language);
  const collects =
    support.collectTests !== undefined && support.collectsFrom?.(req.target, source.text) === true;
  return {
    kind,
    source,
    ...(collects ? { collection: await support.collectTests!(collect) } : {}),
  };
}
