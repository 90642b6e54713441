// A test of one JavaScript / TypeScript file traced into the project files it imports (`ldb trace
// tests/cart.test.ts`, `ldb trace src/cart.ts --test tests/cart.test.ts::test-function:12`): the
// test file runs as Node would run it with that one test, and every project file it imports,
// directly or not, runs from an instrumented copy whose visits name their file (relative to the
// project root). A test file (`*.test.*`, `*.spec.*`, or under test/, tests/, __tests__/) is not
// traced itself, as pytest's test modules are not; another file is, but for the test harness
// functions its tests call (`testX()`). Without a test id, the file's first test that does not
// pass is traced.
import { existsSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { badInput } from '../../errors';
import type { RunResult, SourceFile, TestCase } from '../../model';
import type { CollectedRun, CollectedRunRequest } from '../support';
import { closestIds } from '../python/pytestItem/closestIds';
import { placeAppendedTest } from './appendedTest';
import { importsRelative } from './imports';
import type { InstrumentOptions } from './instrument';
import { prepareProgram } from './program';
import { startJsProcess } from './process';

/** How many ids a test id that names nothing lists. */
const CLOSEST_SHOWN = 3;

/** A file whose test runs across modules: it imports a file of its own project. */
export function tracesAcrossFiles(_path: string, text: string): boolean {
  return importsRelative(text);
}

/** Test files are run, never traced: by their name, or a test folder on their path. */
export function isTestFile(path: string): boolean {
  if (/\.(?:test|spec)\.[cm]?[jt]sx?$/i.test(basename(path))) return true;
  return dirname(path)
    .split(/[\\/]/)
    .some((d) => d === 'test' || d === 'tests' || d === '__tests__');
}

/** Folders that hold a project's tests beside its code. */
const TEST_FOLDERS = new Set(['test', 'tests', '__tests__', 'spec']);

/** What marks a project's root, in order: the first found above a file wins. */
const ROOT_MARKERS = ['package.json', 'tsconfig.json', 'jsconfig.json', '.git'];

/**
 * The project root: the nearest folder with a package.json (else a tsconfig.json or jsconfig.json,
 * which a TypeScript project may have alone, else a .git), else the file's own folder, or the one
 * above it for a file in a test folder (`tests/x.test.js` importing `../src/x`).
 */
export function jsProjectRoot(file: string): string {
  const start = dirname(resolve(file));
  for (const marker of ROOT_MARKERS)
    for (let dir = start; ; dir = dirname(dir)) {
      if (existsSync(join(dir, marker))) return dir;
      if (dirname(dir) === dir) break;
    }
  return TEST_FOLDERS.has(basename(start)) && dirname(start) !== start ? dirname(start) : start;
}

function relPath(root: string, file: string): string {
  return relative(root, file).split(sep).join('/');
}

/** The test file and the test an id names (`tests/x.test.ts::test-function:12`, or by its label). */
async function testOfId(
  id: string,
  from: string,
  read: (path: string) => Promise<SourceFile>,
): Promise<{ file: SourceFile; test: TestCase }> {
  const at = id.indexOf('::');
  const path = id.slice(0, at);
  const local = id.slice(at + 2).trim();
  const root = jsProjectRoot(from);
  const candidates = isAbsolute(path) ? [path] : [resolve(root, path), resolve(path)];
  const found = candidates.find((c) => existsSync(c));
  if (found === undefined)
    throw badInput(
      `no test file '${path}' in ${root} (a test id is PATH::ID, PATH relative to the project root)`,
    );
  const file = await read(found);
  const test = file.tests.find((t) => t.id === local) ?? file.tests.find((t) => t.label === local);
  if (test === undefined) {
    const ids = file.tests.map((t) => t.id);
    const near = closestIds(local, ids, CLOSEST_SHOWN).map((n) => `${path}::${n}`);
    throw badInput(
      `no test '${local}' in ${path}` +
        (near.length > 0 ? `: the closest are ${near.join(', ')}` : ': it holds no test LDB can run'),
    );
  }
  return { file, test };
}

export async function runCollectedJs(given: CollectedRunRequest): Promise<CollectedRun> {
  // The program as the run must see it (a fix not yet written) is read instead of its file.
  const program = given.program;
  const req: CollectedRunRequest = program
    ? {
        ...given,
        read: (path) =>
          resolve(path) === resolve(program.path) ? Promise.resolve(program) : given.read(path),
        overlay: new Map([...(given.overlay ?? []), [resolve(program.path), program.text]]),
      }
    : given;
  const { file, test: named } =
    req.testId !== undefined
      ? await testOfId(req.testId, req.path, req.read)
      : { file: await req.read(resolve(req.path)), test: undefined };
  const root = jsProjectRoot(file.path);
  // A test file is run, not traced; but one that imports no file of its project holds what it tests.
  const mainTraced = !isTestFile(relPath(root, file.path)) || !importsRelative(file.text);
  // A harness function a test of the file calls is the test, not code under test; so are the
  // callbacks of node:test calls (a test file's anonymous top-level functions).
  const harness = new Set([
    ...file.tests
      .filter((t) => t.origin === 'test-function')
      .flatMap((t) => /^(\w+)\(\)$/.exec(t.source)?.[1] ?? []),
    ...(isTestFile(relPath(root, file.path))
      ? file.functions.filter((f) => f.name.startsWith('<anonymous>')).map((f) => f.qualifiedName)
      : []),
  ]);
  const run = (test: TestCase, traced: boolean) =>
    runAcross(req, root, file, test, traced, traced && mainTraced ? harness : undefined);
  let test = named;
  if (test === undefined) {
    if (file.tests.length === 0)
      throw badInput(`${req.path} holds no test LDB can run: name one with --test`);
    // The first test that does not pass; a single test is traced at once.
    for (const candidate of file.tests.length === 1 ? [] : file.tests) {
      const plain = await run(candidate, false);
      if (plain.run.outcome.status !== 'passed') {
        test = candidate;
        break;
      }
    }
    // All pass: the first test that calls something (a test of a constant reaches no function).
    test ??= file.tests.find((t) => t.functions.length > 0) ?? file.tests[0];
  }
  const result = await run(test, req.traced !== false);
  // As for a pytest item, the test is its id: what --test takes to run it again.
  const id = `${relPath(root, file.path)}::${test.id}`;
  return {
    root,
    test: { ...test, id, source: id },
    files: result.files,
    run: result.run,
  };
}

async function runAcross(
  req: CollectedRunRequest,
  root: string,
  file: SourceFile,
  test: TestCase,
  traced: boolean,
  skipInMain: ReadonlySet<string> | undefined,
): Promise<{ run: RunResult; files: Map<string, SourceFile> }> {
  const child = await startJsProcess({
    settings: req.settings,
    path: file.path,
    assetsDir: req.assetsDir,
    readable: [root],
    ...(req.signal ? { signal: req.signal } : {}),
  });
  const files = new Map<string, SourceFile>();
  const moduleOptions = (path: string): InstrumentOptions | undefined => {
    const rel = relPath(root, path);
    if (!traced || rel.startsWith('..') || isTestFile(rel)) return undefined;
    return { traced: true, unit: req.unit, file: rel };
  };
  const mainRel = relPath(root, file.path);
  const prepared = prepareProgram({
    main: file,
    test,
    mainOptions:
      skipInMain !== undefined
        ? { traced: true, unit: req.unit, file: mainRel, skip: skipInMain }
        : { traced: false, unit: req.unit },
    moduleOptions,
    read: req.read,
    ...(req.overlay ? { overlay: req.overlay } : {}),
    maxFiles: req.settings.maxProjectFiles,
    assetsDir: req.assetsDir,
  }).then(({ program, modules }) => {
    if (skipInMain !== undefined) {
      files.set(mainRel, file);
      program.rel[program.main.file] = mainRel;
    }
    for (const [path, source] of modules) {
      const rel = relPath(root, path);
      files.set(rel, source);
      program.rel[resolve(path)] = rel;
    }
    program.rel[program.main.file] ??= mainRel;
    return program;
  });
  const run = placeAppendedTest(await child.run(prepared), file.text, test, mainRel);
  return { run, files };
}
