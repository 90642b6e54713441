// LDB's program preparation, so that our numbers compare with the paper's. Measured on the
// published data: preparing each seed this way gives LDB's implementations[0] byte for byte for
// all 164 HumanEval and 500 MBPP tasks, and every later implementation is already prepared.
//
// What LDB does (programming/utils.py, prepare_function_from_seed):
// 1. A seed that holds neither the prompt nor `def <entry>(` gets the prompt put before it.
// 2. Each function of the prompt except its last one (LDB's scan only closes a function when the
//    next `def` starts) that the seed's scan does not name is put before the program, with the
//    lines that follow it up to the next `def`.
// 3. When the entry function has no docstring, the prompt's first docstring goes after the first
//    line that starts with `def` and contains the entry name.
// 4. The import header goes first, unless the program already holds it.
// Its visible tests are `given_tests` that contain the entry name and not `assert False`.

export const LDB_IMPORT_HEADER =
  'from typing import *\nimport math\nfrom heapq import *\nimport itertools\nimport re\nimport typing\nimport heapq\n_str=str\nimport re\n';

export interface PromptFunction {
  name: string;
  text: string;
}

/** LDB's get_function: each `def` at column 0 with the lines after it, except the last one. */
export function scanFunctions(text: string): PromptFunction[] {
  const out: PromptFunction[] = [];
  let current = '';
  let name = '';
  for (const line of text.split('\n')) {
    if (line.startsWith('def ')) {
      if (current !== '') out.push({ name, text: current });
      current = line;
      name = line.slice(4).split('(')[0];
    } else if (current !== '') {
      current += '\n' + line;
    }
  }
  return out;
}

/** Index of the first line matching, or the last line's when none does (Python's for/break). */
function firstLineOr(lines: string[], match: (line: string) => boolean): number {
  const i = lines.findIndex(match);
  return i >= 0 ? i : lines.length - 1;
}

/** LDB's find_comment: a triple quote anywhere from the entry's `def` line on. */
export function hasDocstring(program: string, entry: string): boolean {
  const lines = program.split('\n');
  const body = lines.slice(firstLineOr(lines, (l) => l.startsWith(`def ${entry}(`))).join('\n');
  return body.includes('"""') || body.includes("'''");
}

/** The text of the prompt's first docstring, as LDB takes it; undefined when it has none. */
export function promptDocstring(prompt: string): string | undefined {
  for (const quote of ['"""', "'''"]) {
    if (prompt.includes(quote)) return prompt.split(quote)[1];
  }
  return undefined;
}

function insertDocstring(program: string, prompt: string, entry: string): string {
  const doc = promptDocstring(prompt);
  if (doc === undefined) return program; // LDB would fail here; no task of its data gets here
  const lines = program.split('\n');
  const at = firstLineOr(lines, (l) => l.startsWith('def') && l.includes(entry));
  lines.splice(at + 1, 0, `    """${doc}"""`);
  return lines.join('\n');
}

export function prepareProgram(prompt: string, seed: string, entry: string): string {
  let program = seed.includes(prompt) || seed.includes(`def ${entry}(`) ? seed : `${prompt}\n${seed}`;
  const seedNames = new Set(scanFunctions(seed).map((f) => f.name));
  for (const fn of scanFunctions(prompt)) {
    if (!seedNames.has(fn.name)) program = `${fn.text}\n${program}`;
  }
  if (!hasDocstring(program, entry)) program = insertDocstring(program, prompt, entry);
  return program.includes(LDB_IMPORT_HEADER) ? program : LDB_IMPORT_HEADER + program;
}

/** The visible tests LDB debugs with (its clean-up of given_tests). */
export function ldbVisibleTests(givenTests: readonly string[], entry: string): string[] {
  return givenTests.filter((t) => t.includes(entry) && !t.includes('assert False'));
}
