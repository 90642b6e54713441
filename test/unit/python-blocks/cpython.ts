// Cross-checks against CPython itself, when an interpreter is installed: which programs it
// compiles, and on which lines each function's code has line starts (the lines a tracer gets
// line events for). No program is run: `compile` and `dis.findlinestarts` say it statically.
import { spawnSync } from 'node:child_process';
import { delimiter } from 'node:path';
import { functionTable, lineToBlockByFunction } from '../../../src/core/languages/python/lineMap';
import type { SourceFile } from '../../../src/core/model';

export interface CodeLines {
  name: string;
  firstLine: number;
  /** A def's code object (not a class body, module, lambda or comprehension). */
  isFunction: boolean;
  lines: number[];
}

export type Compiled = { error: string } | { codes: CodeLines[] };

const SCRIPT = String.raw`
import dis, json, sys, types
out = []
for src in json.load(sys.stdin):
    try:
        top = compile(src, "<program>", "exec")
    except (SyntaxError, ValueError) as e:
        out.append({"error": "%s: %s" % (type(e).__name__, e)})
        continue
    codes = []
    def walk(code):
        for c in code.co_consts:
            if isinstance(c, types.CodeType):
                lines = sorted({l for _, l in dis.findlinestarts(c) if l is not None})
                is_function = bool(c.co_flags & 2) and not c.co_name.startswith("<")
                codes.append({"name": c.co_name, "firstLine": c.co_firstlineno, "isFunction": is_function, "lines": lines})
                walk(c)
    walk(top)
    out.append({"codes": codes})
json.dump(out, sys.stdout)
`;

/**
 * Interpreters to check against, one per version: those listed in LDB_TEST_PYTHONS (separated by
 * the path delimiter, e.g. every pyenv version), else $PYTHON or python3, plus python3.8 and
 * python3.13 when they are on PATH (the oldest and newest the runtime supports).
 */
export function availablePythons(): string[] {
  const listed = process.env.LDB_TEST_PYTHONS?.split(delimiter).filter(Boolean);
  const candidates = [...new Set(listed ?? [process.env.PYTHON ?? 'python3', 'python3.8', 'python3.13'])];
  const found = new Map<string, string>();
  for (const python of candidates) {
    const r = spawnSync(python, ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])'], {
      encoding: 'utf8',
    });
    const version = r.status === 0 ? r.stdout.trim() : '';
    if (version && !found.has(version)) found.set(version, python);
  }
  return [...found.values()];
}

export function compileWithPython(python: string, programs: string[]): Compiled[] {
  const r = spawnSync(python, ['-c', SCRIPT], {
    input: JSON.stringify(programs),
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`${python} failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Compiled[];
}

/**
 * What the runtime relies on, checked against CPython's code objects: every def's code object is
 * found in functionTable by (co_firstlineno, co_name), and each of its line starts maps to a block
 * of that function (the first line itself may stay unmapped: from 3.11 the RESUME instruction sits
 * there without producing a line event).
 */
export function mismatches(source: SourceFile, codes: CodeLines[]): string[] {
  const table = functionTable(source);
  const maps = lineToBlockByFunction(source, 'block');
  const problems: string[] = [];
  for (const code of codes.filter((c) => c.isFunction)) {
    const entry = table.find((f) => f.startLine === code.firstLine && f.name === code.name);
    if (!entry) {
      problems.push(`no function for code object ${code.name} at line ${code.firstLine}`);
      continue;
    }
    const map = maps[entry.qualifiedName] ?? {};
    for (const line of code.lines) {
      if (line === code.firstLine && !(line in map)) continue;
      const block = map[line];
      if (!block) problems.push(`${entry.qualifiedName}: line ${line} has code but maps to no block`);
      else if (!block.startsWith(`${entry.qualifiedName}#`))
        problems.push(`${entry.qualifiedName}: line ${line} maps to ${block}`);
    }
  }
  return problems;
}
