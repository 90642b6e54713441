// The visible tests of a function: those found in its file (doctests, asserts, test_* functions
// that call it) and the one the user typed for it, remembered per function in workspaceState.
import * as vscode from 'vscode';
import { badInput, isLdbError } from '../core/errors';
import type { FunctionInfo, SourceFile, TestCase } from '../core/model';
import { languageById } from '../core/languages/registry';
import { resolveTest, type Assets } from '../core/trace/tracing';
import type { Target } from './target';

const typedKey = (uri: vscode.Uri, fn: FunctionInfo): string =>
  `ldb.typedTest:${uri.toString()}#${fn.qualifiedName}`;

/** Tests found in the file that call this function (by qualified or short name). */
export function foundTests(source: SourceFile, fn: FunctionInfo): TestCase[] {
  return source.tests.filter((t) => t.functions.some((n) => n === fn.qualifiedName || n === fn.name));
}

export function typedTest(state: vscode.Memento, uri: vscode.Uri, fn: FunctionInfo): string | undefined {
  const text = state.get<string>(typedKey(uri, fn));
  return typeof text === 'string' && text.trim() !== '' ? text : undefined;
}

export async function rememberTypedTest(
  state: vscode.Memento,
  uri: vscode.Uri,
  fn: FunctionInfo,
  text: string | undefined,
): Promise<void> {
  await state.update(typedKey(uri, fn), text);
}

/** Undefined when `text` is a usable test of `fn`, else why not (one line). */
export async function checkTypedTest(
  source: SourceFile,
  fn: FunctionInfo,
  text: string,
  assets: Assets,
): Promise<string | undefined> {
  try {
    const test = await resolveTest(source, text, 0, assets);
    if (!test.functions.some((n) => n === fn.qualifiedName || n === fn.name)) {
      return `the test does not call ${fn.name}()`;
    }
    return undefined;
  } catch (e) {
    if (isLdbError(e, 'bad-input')) return e.message;
    throw e;
  }
}

export interface TestsDeps {
  state: vscode.Memento;
  assets: Assets;
  /** Set while the input box is open (the test API reports it). */
  prompting: (what: string | undefined) => void;
  /** Told when a typed test was remembered (the Testing view lists it). */
  remembered?: (uri: vscode.Uri) => void;
}

/** Asks for a test of `fn` (validated as it is typed); remembered when given. */
export async function askForTest(deps: TestsDeps, target: Target, why: string): Promise<string | undefined> {
  const { fn, source, document } = target;
  deps.prompting('test');
  try {
    const text = await vscode.window.showInputBox({
      title: `LDB: a test for ${fn.name}`,
      prompt: `${why} Type an assert, a comparison or a call: it is remembered for ${fn.name}.`,
      placeHolder: `assert ${fn.name}(...) == ...`,
      value: typedTest(deps.state, document.uri, fn) ?? '',
      ignoreFocusOut: true,
      validateInput: (value) =>
        value.trim() === '' ? undefined : checkTypedTest(source, fn, value, deps.assets),
    });
    if (text === undefined || text.trim() === '') return undefined;
    await rememberTypedTest(deps.state, document.uri, fn, text.trim());
    deps.remembered?.(document.uri);
    return text.trim();
  } finally {
    deps.prompting(undefined);
  }
}

/** The typed test of a function as a TestCase (id `given:0`), or undefined when none or unusable now. */
export async function typedTestCase(
  deps: TestsDeps,
  uri: vscode.Uri,
  source: SourceFile,
  fn: FunctionInfo,
): Promise<TestCase | undefined> {
  const text = typedTest(deps.state, uri, fn);
  if (text === undefined) return undefined;
  try {
    return await resolveTest(source, text, 0, deps.assets);
  } catch (e) {
    if (isLdbError(e, 'bad-input')) return undefined; // the function changed under it: ask again
    throw e;
  }
}

/**
 * The tests a run uses: `only` (ids from the Testing view, or the test runner's ids of the tests
 * that reach this function: `tests/test_x.py::test_y[1]`) when given, else every found and typed
 * test of the function; when there is none, the user is asked for one.
 */
export async function visibleTests(
  deps: TestsDeps,
  target: Target,
  only?: readonly string[],
): Promise<TestCase[]> {
  const { fn, source } = target;
  const typed = await typedTestCase(deps, target.document.uri, source, fn);
  const all = [...foundTests(source, fn), ...(typed ? [typed] : [])];
  if (only && only.length > 0) {
    const isRunnerId = (id: string) => languageById(source.language).isTestId?.(id) === true;
    const picked = await Promise.all(
      only
        .filter((id) => all.some((t) => t.id === id) || isRunnerId(id))
        .map(async (id, i) => all.find((t) => t.id === id) ?? resolveTest(source, id, i, deps.assets)),
    );
    if (picked.length > 0) return picked;
  }
  if (all.length > 0) return all;
  const asked = await askForTest(
    deps,
    target,
    `No test found for ${fn.name} (no doctest, assert or test_ function calls it).`,
  );
  if (asked === undefined) {
    throw badInput(
      `no test for ${fn.name}: add a doctest (>>> ${fn.name}(...)) or an assert to ${target.name}, or type one when asked`,
    );
  }
  return [await resolveTest(source, asked, 0, deps.assets)];
}
