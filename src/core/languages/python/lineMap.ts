// What the tracer runtime needs from the segmenter: which block (or statement) each executed line
// belongs to, and how to recognise the code object of each function.
import type { SourceFile } from '../../model';

export type MapLevel = 'block' | 'line';

/**
 * Per function (qualified name), line -> unit id. At level 'block' the unit is the block
 * (`f#2`); at level 'line' it is the statement whose first line is given (`f@L7`), every line of a
 * multi-line statement mapping to it. Within one function a line has exactly one unit (see the
 * rule in blocks.ts: the first statement or header covering the line owns it).
 */
export function lineToBlockByFunction(
  source: SourceFile,
  level: MapLevel,
): Record<string, Record<number, string>> {
  const out: Record<string, Record<number, string>> = {};
  for (const fn of source.functions) {
    const map: Record<number, string> = {};
    for (const block of fn.blocks) {
      const starts = block.statementStarts ?? [];
      let s = 0;
      for (const line of block.lines) {
        if (level === 'block') {
          map[line] = block.id;
          continue;
        }
        // lines and starts both ascend: advance to the last start at or before this line
        while ((starts[s + 1] ?? Infinity) <= line) s++;
        const candidate = starts[s];
        const start = candidate !== undefined && candidate <= line ? candidate : line;
        map[line] = `${fn.qualifiedName}@L${start}`;
      }
    }
    out[fn.qualifiedName] = map;
  }
  return out;
}

/**
 * One map for the whole file. Functions share a line only when a nested def fits on one line
 * (`def key(p): return p[1]` inside `f`): there the innermost function wins, because its body
 * is what runs on that line; the enclosing frame's event for the def statement then finds a unit
 * of another function and the runtime should skip it (lineToBlockByFunction avoids the question).
 */
export function lineToBlock(source: SourceFile, level: MapLevel): Record<number, string> {
  const out: Record<number, string> = {};
  const byFunction = lineToBlockByFunction(source, level);
  // source.functions is in source (pre-)order, so a nested function comes after its parents.
  for (const fn of source.functions) Object.assign(out, byFunction[fn.qualifiedName]);
  return out;
}

export interface FunctionEntry {
  qualifiedName: string;
  name: string;
  /** co_firstlineno: the first decorator line, or the def line. */
  startLine: number;
  defLine: number;
  endLine: number;
}

/** The runtime identifies a function's code object by co_firstlineno == startLine and co_name == name. */
export function functionTable(source: SourceFile): FunctionEntry[] {
  return source.functions.map(({ qualifiedName, name, startLine, defLine, endLine }) => ({
    qualifiedName,
    name,
    startLine,
    defLine,
    endLine,
  }));
}
