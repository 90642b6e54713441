// A fix of several files, read from one reply. The model was shown the functions of every file the
// trace passed through, each file after its header line (`# file: PATH`), and may rewrite any of
// them. Each function of its code goes to a file: the one whose header line it sits under, else
// the one file the trace showed a function of that name in. Then each file's part is placed into
// that file by the language's own placement. A name the trace showed in several files, a file the
// trace did not pass through, or a new function whose file cannot be told is an unusable fix, and
// the reason says which.
import type { FunctionInfo } from '../model';
import type { LanguageSupport } from '../languages/support';
import { languageById } from '../languages/registry';
import { extractFixAsync } from '../llm/replies';
import { findFences, stripReasoning } from '../llm/replyText';
import { fileHeader } from '../llm/prompts/text';
import { parseSource } from '../source';
import type { ShownFile } from './codeView';
import type { Parsed } from './conversation';
import type { PlacedFile } from './programVersion';

type Placing = { ok: true; files: PlacedFile[] } | { ok: false; reason: string };

/** The entry (the function the trace was about) and the file it is in, as ShownFile.file names it. */
export interface EntryAt {
  file: string;
  name: string;
}

export async function placeFixAcross(
  reply: string,
  shown: readonly ShownFile[],
  entry: EntryAt,
  wasmDir: string,
): Promise<Parsed<PlacedFile[]>> {
  const language = languageById(shown[0].source.language);
  let placed: PlacedFile[] = [];
  const check = async (code: string): Promise<{ ok: true } | { ok: false; reason: string }> => {
    const result = await splitAndPlace(code, shown, entry, language, wasmDir);
    if (!result.ok) return result;
    placed = result.files;
    return { ok: true };
  };
  // A reply that gives each file a code block of its own: together they are the fix.
  const joined = joinedFences(reply, shown, language);
  if (joined !== undefined && (await check(joined)).ok) return { ok: true, value: placed };
  const extracted = await extractFixAsync(reply, entry.name, check, language.words);
  if ('error' in extracted) {
    const { error, likeliest } = extracted;
    return {
      ok: false,
      problem: {
        kind: 'fix',
        error,
        entryFunction: shortName(entry.name),
        fence: language.words.fence,
        ...(likeliest !== undefined ? { likeliest } : {}),
        across: { files: shown.map((f) => f.file), header: fileHeader('PATH', language.words) },
      },
    };
  }
  return { ok: true, value: placed };
}

/** Code blocks of the language that name their file, joined, when there are several. */
function joinedFences(
  reply: string,
  shown: readonly ShownFile[],
  language: LanguageSupport,
): string | undefined {
  const tags = language.words.fenceTags;
  const named = findFences(stripReasoning(reply)).filter(
    (f) =>
      (f.tag === '' || tags.includes(f.tag)) &&
      f.code.split(/\r?\n/).some((l) => headerName(l, language) !== undefined),
  );
  return named.length >= 2 && shown.length >= 2 ? named.map((f) => f.code).join('\n\n') : undefined;
}

/**
 * The file a header line names: `# file: shop/cart.py`, or a comment that is only a path of the
 * language (`# shop/cart.py`); undefined for any other line.
 */
function headerName(line: string, language: LanguageSupport): string | undefined {
  const text = line.trim();
  const comment = language.words.lineComment;
  if (!text.startsWith(comment)) return undefined;
  const rest = text.slice(comment.length).trim();
  const labelled = /^file\s*:\s*(\S+)$/i.exec(rest);
  const name = (labelled?.[1] ?? rest).replace(/^[`'"]+|[`'"]+$/g, '');
  if (labelled) return name;
  return !/\s/.test(name) && language.extensions.some((e) => name.toLowerCase().endsWith(e))
    ? name
    : undefined;
}

/** The shown file a header names: exactly, else the one it is a path suffix of, else by base name. */
function resolveFile(name: string, shown: readonly ShownFile[]): ShownFile | undefined {
  const clean = name.replace(/\\/g, '/').replace(/^\.\//, '');
  const exact = shown.find((f) => f.file === clean);
  if (exact) return exact;
  const only = (found: ShownFile[]): ShownFile | undefined => (found.length === 1 ? found[0] : undefined);
  return (
    only(shown.filter((f) => f.file.endsWith(`/${clean}`) || clean.endsWith(`/${f.file}`))) ??
    only(shown.filter((f) => baseName(f.file) === baseName(clean)))
  );
}

async function splitAndPlace(
  code: string,
  shown: readonly ShownFile[],
  entry: EntryAt,
  language: LanguageSupport,
  wasmDir: string,
): Promise<Placing> {
  const entryFile = shown.find((f) => f.file === entry.file) ?? shown[0];
  const parsed = await parseSource({
    path: entryFile.source.path,
    language: language.id,
    text: code,
    wasmDir,
  });
  const syntax = parsed.syntaxErrors[0];
  if (syntax) return { ok: false, reason: `does not parse: syntax error at ${syntax.line}:${syntax.column}` };

  const lines = code.split(/\r?\n/);
  // Line (1-based) -> the file of the section it starts; headers mark where sections start.
  const sections: { line: number; file: ShownFile }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const name = headerName(lines[i], language);
    if (name === undefined) continue;
    const file = resolveFile(name, shown);
    if (!file)
      return {
        ok: false,
        reason: `names the file ${name}, which the trace did not pass through (it passed through ${inWords(shown.map((f) => f.file))})`,
      };
    sections.push({ line: i + 1, file });
  }
  const sectionAt = (line: number): ShownFile | undefined =>
    sections.filter((s) => s.line < line).pop()?.file;

  const top = parsed.functions
    .filter((f) => f.parent === undefined)
    .sort((a, b) => a.startLine - b.startLine);
  const fileOf = new Map<FunctionInfo, ShownFile>();
  const unplaced: FunctionInfo[] = [];
  for (const fn of top) {
    const showing = shown.filter((f) => f.functions.some((s) => s.name === fn.name));
    const section = sectionAt(fn.startLine);
    if (section) {
      if (showing.length > 0 && !showing.includes(section))
        return {
          ok: false,
          reason: `puts ${fn.name}() under ${section.file}, but the trace showed ${fn.name}() in ${inWords(showing.map((f) => f.file))}`,
        };
      fileOf.set(fn, section);
    } else if (showing.length === 1) fileOf.set(fn, showing[0]);
    else if (showing.length > 1)
      return {
        ok: false,
        reason: `defines ${fn.name}(), which the trace showed in ${inWords(showing.map((f) => f.file))}: put it under the \`${fileHeader('PATH', language.words)}\` line of its file`,
      };
    else unplaced.push(fn);
  }
  const reached = new Set(fileOf.values());
  if (reached.size === 0) {
    const names = shown.flatMap((f) => f.functions.map((fn) => `${fn.name}()`));
    return { ok: false, reason: `rewrites none of the functions the trace showed (${inWords(names)})` };
  }
  for (const fn of unplaced) {
    if (reached.size > 1)
      return {
        ok: false,
        reason: `defines ${fn.name}(), which the trace did not show, without a \`${fileHeader('PATH', language.words)}\` line to say which file it goes in`,
      };
    fileOf.set(fn, [...reached][0]);
  }

  const partOf = assignLines(lines.length, top, fileOf, sectionAt, new Set(sections.map((s) => s.line)));
  const files: PlacedFile[] = [];
  for (const target of shown) {
    const mine = lines.filter((_, i) => partOf[i] === target);
    if (mine.length === 0) continue;
    const placed = await placeInto(target, mine.join('\n'), entry, language, wasmDir);
    if (!placed.ok) return placed;
    if (placed.file.text !== target.source.text) files.push(placed.file);
  }
  return { ok: true, files };
}

/**
 * Which file each line of the code goes to: a function's lines to its file; any other line
 * (imports, constants, blank lines) to the file of its section, else of the next function below
 * it, else of the one above; header lines to none.
 */
function assignLines(
  count: number,
  top: readonly FunctionInfo[],
  fileOf: ReadonlyMap<FunctionInfo, ShownFile>,
  sectionAt: (line: number) => ShownFile | undefined,
  headers: ReadonlySet<number>,
): (ShownFile | undefined)[] {
  const part: (ShownFile | undefined)[] = new Array<ShownFile | undefined>(count).fill(undefined);
  for (const fn of top) for (let l = fn.startLine; l <= fn.endLine; l++) part[l - 1] = fileOf.get(fn);
  for (let line = 1; line <= count; line++) {
    if (part[line - 1] !== undefined || headers.has(line)) continue;
    const next = top.find((f) => f.startLine > line);
    const previous = [...top].reverse().find((f) => f.endLine < line);
    part[line - 1] =
      sectionAt(line) ?? (next && fileOf.get(next)) ?? (previous && fileOf.get(previous)) ?? undefined;
  }
  return part;
}

/** One file's part of the fix, placed into it by the language: the entry there, or its first rewritten function. */
async function placeInto(
  target: ShownFile,
  code: string,
  entry: EntryAt,
  language: LanguageSupport,
  wasmDir: string,
): Promise<{ ok: true; file: PlacedFile } | { ok: false; reason: string }> {
  const fix = await parseSource({ path: target.source.path, language: language.id, text: code, wasmDir });
  const defined = new Set(fix.functions.filter((f) => f.parent === undefined).map((f) => f.name));
  const anchor =
    target.file === entry.file && defined.has(shortName(entry.name))
      ? target.source.functions.find((f) => f.qualifiedName === entry.name)
      : target.functions.find((f) => defined.has(f.name));
  if (!anchor)
    return {
      ok: false,
      reason: `for ${target.file} rewrites none of its functions the trace showed (${inWords(target.functions.map((f) => `${f.name}()`))})`,
    };
  const applied = language.placeFix({
    original: target.source,
    fix,
    entry: anchor.qualifiedName,
    shown: target.functions.map((f) => f.qualifiedName),
  });
  if (!applied.ok) return { ok: false, reason: `for ${target.file} ${applied.reason}` };
  return {
    ok: true,
    file: {
      file: target.file,
      source: target.source,
      text: applied.text,
      functions: [...applied.replaced, ...applied.added],
    },
  };
}

function shortName(qualified: string): string {
  return qualified.slice(qualified.lastIndexOf('.') + 1);
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** `a`, `a and b`, `a, b and c`. */
function inWords(items: readonly string[]): string {
  return items.length <= 1
    ? (items[0] ?? '')
    : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
