// Turning the model's replies into what the loop uses: verdicts mapped onto the trace's blocks,
// and a fix placed back into the program; or the problem, for the corrective retry and, when that
// fails too, for the loop to record and tell the model.
import type { SourceFile, Verdict } from '../model';
import { extractFixAsync, parseVerdicts } from '../llm/replies';
import { parseSource } from '../source';
import { wasmDir, type Assets } from '../trace/tracing';
import { languageById } from '../languages/registry';
import type { Parsed } from './conversation';

function shortName(qualified: string): string {
  return qualified.slice(qualified.lastIndexOf('.') + 1);
}

export function verdictsFrom(
  reply: string,
  blocks: { label: string; startLine: number; endLine: number; file?: string }[],
): Parsed<Verdict[]> {
  if (blocks.length === 0) return { ok: true, value: [] };
  const parsed = parseVerdicts(reply, blocks);
  const fileOf = new Map(blocks.map((b) => [b.label, b.file]));
  const withFiles = (v: Verdict): Verdict => {
    const file = fileOf.get(v.block);
    return file === undefined ? v : { ...v, file };
  };
  return parsed.usable
    ? { ok: true, value: parsed.verdicts.map(withFiles) }
    : {
        ok: false,
        problem: { kind: 'verdicts', problems: parsed.problems, labels: blocks.map((b) => b.label) },
      };
}

/**
 * The fix, extracted from the reply and placed into the program (or, with `replacesProgram`, as the
 * whole next program); the problem otherwise. Each candidate code block is parsed and placed in
 * turn, likeliest first, so a reply whose first block is an example still gives its fix.
 */
export async function placeFix(
  reply: string,
  program: SourceFile,
  entry: string,
  shown: string[],
  assets: Assets,
  replacesProgram = false,
): Promise<Parsed<{ text: string; functions: string[] }>> {
  const name = shortName(entry);
  const language = languageById(program.language);
  const fence = language.words.fence;
  let placed = { text: '', functions: [] as string[] };
  const extracted = await extractFixAsync(
    reply,
    name,
    async (code) => {
      const fix = await parseSource({
        path: program.path,
        language: program.language,
        text: code,
        wasmDir: wasmDir(assets),
      });
      const applied = language.placeFix({ original: program, fix, entry, shown, replacesProgram });
      if (!applied.ok) return applied;
      placed = { text: applied.text, functions: [...applied.replaced, ...applied.added] };
      return { ok: true };
    },
    language.words,
  );
  if ('error' in extracted) {
    const { error, likeliest } = extracted;
    return {
      ok: false,
      problem: {
        kind: 'fix',
        error,
        entryFunction: name,
        fence,
        ...(likeliest !== undefined ? { likeliest } : {}),
      },
    };
  }
  return { ok: true, value: placed };
}
