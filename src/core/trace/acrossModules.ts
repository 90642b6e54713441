// A trace across the project's modules: a collected test run under its runner (pytest) reaches
// functions of several files. Each file's visits become segments with that file's blocks; the
// segments are merged in the run's order. The entry (the function to fix) is where the test goes
// wrong: the deepest project frame of the exception, else the function the test called last
// (the one its failing assertion checked), never a test or a fixture (those are not traced).
import { badInput } from '../errors';
import type { BlockVisit, FunctionInfo, RunResult, SourceFile, TraceLevel, TraceSegment } from '../model';
import { languageById } from '../languages/registry';
import { buildSegments } from './segments';
import { indexUnits } from './units';

export interface ModuleEntry {
  /** The file, relative to the project root. */
  file: string;
  source: SourceFile;
  fn: FunctionInfo;
}

/** Every segment of the run, file by file, in the run's order. */
export function segmentsAcross(
  files: ReadonlyMap<string, SourceFile>,
  run: RunResult,
  level: TraceLevel,
  entryFile: string,
): TraceSegment[] {
  const byFile = new Map<string, BlockVisit[]>();
  for (const v of run.visits) {
    const file = v.file ?? entryFile;
    const list = byFile.get(file);
    if (list) list.push(v);
    else byFile.set(file, [v]);
  }
  const merged: TraceSegment[] = [];
  for (const [file, visits] of byFile) {
    const source = files.get(file);
    if (!source) continue;
    const units = indexUnits(
      languageById(source.language).lineMap(source, level === 'line' ? 'line' : 'block'),
    );
    for (const segment of buildSegments(source, visits, level, units)) {
      // Functions of other files than the entry's say which file they are in.
      merged.push(file === entryFile ? segment : { ...segment, function: `${file}::${segment.function}` });
    }
  }
  merged.sort((a, b) => a.seq - b.seq);
  return merged.map((s, i) => ({
    ...s,
    ordinal: i,
    ...(level === 'function' ? { label: `FUNCTION-${i}` } : {}),
  }));
}

/**
 * The entry: the one named (`module:func` or `path.py::func`), else the deepest project frame of
 * the exception, else the last function the test called directly (a failed assertion checks its
 * result; an operator method such as `__eq__` only when there is nothing else), else the first.
 */
export function entryAcross(
  files: ReadonlyMap<string, SourceFile>,
  run: RunResult,
  named: string | undefined,
): ModuleEntry {
  if (named !== undefined) return namedEntry(files, named);
  const e = run.outcome.exception;
  if (e?.file !== undefined && e.function !== undefined) {
    const found = lookUp(files, e.file, e.function);
    if (found) return found;
  }
  const top = run.visits.filter((v) => v.depth === 0);
  // `==` and a message's repr call the project's operator methods after the calls checked.
  const checked = top.filter((v) => !isOperatorMethod(files, v));
  const pool = checked.length > 0 ? checked : top;
  const pick = run.outcome.status === 'passed' ? pool[0] : pool[pool.length - 1];
  const found = pick?.file !== undefined ? lookUp(files, pick.file, pick.function) : undefined;
  if (found) return found;
  // No function of the project ran (a module that throws as it loads, an import that fails): the
  // outcome is still the run's, told with the first function of the file it failed in, else of
  // the first file of the run.
  const fallback = firstFunction(files, e?.file);
  if (fallback) return fallback;
  throw badInput(`the test reached no function of the project's files: nothing to trace`);
}

function firstFunction(
  files: ReadonlyMap<string, SourceFile>,
  preferred: string | undefined,
): ModuleEntry | undefined {
  const order = [...(preferred !== undefined && files.has(preferred) ? [preferred] : []), ...files.keys()];
  for (const file of order) {
    const source = files.get(file);
    const fn = source?.functions[0];
    if (source && fn) return { file, source, fn };
  }
  return undefined;
}

function isOperatorMethod(files: ReadonlyMap<string, SourceFile>, visit: BlockVisit): boolean {
  const source = visit.file !== undefined ? files.get(visit.file) : undefined;
  return source !== undefined && languageById(source.language).isOperatorMethod?.(visit.function) === true;
}

function lookUp(files: ReadonlyMap<string, SourceFile>, file: string, name: string): ModuleEntry | undefined {
  const source = files.get(file);
  const fn = source?.functions.find((f) => f.qualifiedName === name);
  return source && fn ? { file, source, fn } : undefined;
}

/**
 * `shop.cart:apply_discount`, `src/shop/cart.py::apply_discount`, or a function name alone when
 * one file of the run defines it.
 */
function namedEntry(files: ReadonlyMap<string, SourceFile>, named: string): ModuleEntry {
  const byPath = /^(.+\.\w+)::(.+)$/.exec(named);
  const byModule = byPath ? null : /^([\w.]+):([\w.$]+)$/.exec(named);
  if (!byPath && !byModule) return bareEntry(files, named);
  const [, where, name] = (byPath ?? byModule)!;
  const candidates = byPath
    ? [where.replace(/\\/g, '/').replace(/^\.\//, '')]
    : [...files.keys()].filter((rel) => {
        const dotted = rel
          .replace(/\.\w+$/, '')
          .replace(/\/__init__$/, '')
          .split('/')
          .join('.');
        return dotted === where || dotted.endsWith(`.${where}`);
      });
  for (const file of candidates) {
    const found = lookUp(files, file, name);
    if (found) return found;
  }
  const known = candidates.flatMap((f) => files.get(f)?.functions.map((fn) => fn.qualifiedName) ?? []);
  throw badInput(
    candidates.some((f) => files.has(f))
      ? `--function '${named}': no function '${name}' there; it defines ${known.join(', ') || 'no function'}`
      : `--function '${named}': no project file '${where}' (tests, conftest and installed packages are not traced)`,
  );
}

/** A function name alone: the one file of the run that defines it. */
function bareEntry(files: ReadonlyMap<string, SourceFile>, name: string): ModuleEntry {
  const found = [...files.keys()].flatMap((file) => lookUp(files, file, name) ?? []);
  if (found.length === 1) return found[0];
  if (found.length > 1)
    throw badInput(
      `--function '${name}': defined in ${found.map((f) => f.file).join(', ')}; name one as path::${name}`,
    );
  throw badInput(
    `--function '${name}': no file of the run defines it; name it as module:function (shop.cart:apply_discount) or path::function`,
  );
}
