// HumanEvalFix, JavaScript (data/humanevalfix-js: HumanEvalPack's 164 tasks, each a HumanEval
// solution with a bug put in by hand). The program to debug is `prompt + buggy_solution`; the tests
// are the task's `test` harness (`const testX = () => { console.assert(...) ... }` and its call).
//
// Visible and hidden tests are both the task's `test`, as HumanEvalFix defines the task (a buggy
// function with its unit tests, judged by those tests; docs/reproducing-ldb.md says why not
// `example_test`). Visible: each `console.assert` of the harness is one test, as LDB's visible tests
// are one assert each, so the model sees the failing call and its real value; a harness that holds
// anything else (helpers, loops over random inputs) is one test, run whole. Hidden: the whole
// harness in one run, as the benchmark's own evaluation runs it.
//
// The programs are CommonJS scripts (`require` in JavaScript/162), so they run as `.cjs` files,
// whatever package.json lies around the folder the bench runs in.
import { isLdbError, badInput } from '../errors';
import type { FunctionInfo } from '../model';
import { loadProgram, resolveTest, type Assets } from '../trace/tracing';
import { byTaskId, field, readJsonl, type BenchFiles, type BenchTask } from './data';
import type { BenchDataset } from './dataset';

export const humanevalfixJs: BenchDataset = {
  name: 'humanevalfix-js',
  description: 'HumanEvalFix JavaScript (HumanEvalPack): --tests only',
  extension: '.cjs',
  seedsFile: false,
  replayable: false,
  load: loadHumanEvalFix,
  async prepare(task, { path, assets }) {
    const source = await loadProgram({ path, text: task.seed, assets, allowSyntaxErrors: true });
    return {
      program: task.seed,
      visibleTests: await harnessTests(task.test, path, assets),
      entryPoint: entryFunction(source.functions, task.entryPoint),
      // The comment above the function says what it should do; the model is shown the function only.
      ...(task.description !== undefined ? { description: task.description } : {}),
      hidden: { definitions: '', call: wholeHarness(task.test) },
    };
  },
  // The reply's code is the next program as it stands (there is no preparation to redo).
  programFromReply: (_task, code) => code,
};

async function loadHumanEvalFix(files: BenchFiles): Promise<BenchTask[]> {
  if (files.seeds !== undefined)
    throw badInput(`humanevalfix-js: the tasks file holds the programs (buggy_solution): drop --seeds`);
  const rows = byTaskId(await readJsonl(files.tests, 'tests'), files.tests);
  const tasks: BenchTask[] = [];
  for (const [taskId, { row, where }] of rows) {
    const prompt = field<string>(row, 'prompt', 'string', where);
    const test = field<string>(row, 'test', 'string', where);
    const docstring = row.docstring;
    tasks.push({
      taskId,
      prompt,
      entryPoint: field(row, 'entry_point', 'string', where),
      test,
      givenTests: [test],
      seed: prompt + field<string>(row, 'buggy_solution', 'string', where),
      ...(typeof docstring === 'string' && docstring.trim() !== '' ? { description: docstring } : {}),
    });
  }
  if (tasks.length === 0) throw badInput(`${files.tests}: no tasks`);
  return tasks;
}

/** `const testX = () => {BODY}` then `testX()`: the shape of every harness in the data. */
const HARNESS = /^\s*const\s+(\w+)\s*=\s*\(\)\s*=>\s*\{([\s\S]*)\}\s*;?\s*\1\s*\(\s*\)\s*;?\s*$/;

/**
 * The harness's assertions, one test each, when its body is nothing else (a loop of them is not
 * one); otherwise the whole harness as one test. The body is read by the language's own test discovery (its top-level
 * assertions are the tests a file of them holds).
 */
export async function harnessTests(harness: string, path: string, assets: Assets): Promise<string[]> {
  const body = HARNESS.exec(harness)?.[2];
  if (body !== undefined) {
    try {
      const source = await loadProgram({ path, text: body, assets });
      const asserts = source.tests.filter((t) => t.origin === 'assert').map((t) => t.source);
      // Each must run as a given test does (a loop of asserts is one test of the file, not one).
      const given = async () => {
        for (const [i, a] of asserts.entries()) await resolveTest(source, a, i, assets);
        return true;
      };
      if (asserts.length > 0 && coversAll(body, asserts) && (await given())) return asserts;
    } catch (e) {
      if (!isLdbError(e, 'bad-input')) throw e;
    }
  }
  return [wholeHarness(harness)];
}

/** Whether the statements, in order, are all the text holds (besides blanks and semicolons). */
function coversAll(text: string, statements: readonly string[]): boolean {
  let rest = '';
  let at = 0;
  for (const s of statements) {
    const i = text.indexOf(s, at);
    if (i < 0) return false;
    rest += text.slice(at, i);
    at = i + s.length;
  }
  return /^[\s;]*$/.test(rest + text.slice(at));
}

/** The harness as one call: its definitions and its call inside a function run at once. */
export function wholeHarness(harness: string): string {
  return `(() => {\n${harness.trimEnd()}\n})()`;
}

/**
 * The function under test: the entry point as the program names it. The data misspells one
 * (JavaScript/114: `minSubarraySum` for `minSubArraySum`): a top-level function of the same name
 * but for case stands for it.
 */
function entryFunction(functions: readonly FunctionInfo[], entry: string): string {
  const topLevel = functions.filter((f) => f.parent === undefined);
  if (topLevel.some((f) => f.name === entry)) return entry;
  const alike = topLevel.filter((f) => f.name.toLowerCase() === entry.toLowerCase());
  return alike.length === 1 ? alike[0].name : entry;
}
