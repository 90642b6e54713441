// Turning the model's replies into what the loop uses: verdicts mapped onto the trace's blocks,
// and a fix placed back into the program; or the problem, for the one corrective retry.
import type { SourceFile, Verdict } from '../model';
import { extractFix, parseVerdicts } from '../llm/replies';
import { parseSource } from '../source';
import { wasmDir, type Assets } from '../trace/tracing';
import { languageById } from '../languages/registry';
import type { Parsed } from './conversation';

function shortName(qualified: string): string {
  return qualified.slice(qualified.lastIndexOf('.') + 1);
}

export function verdictsFrom(
  reply: string,
  blocks: { label: string; startLine: number; endLine: number }[],
): Parsed<Verdict[]> {
  if (blocks.length === 0) return { ok: true, value: [] };
  const parsed = parseVerdicts(reply, blocks);
  return parsed.usable
    ? { ok: true, value: parsed.verdicts }
    : {
        ok: false,
        problem: { kind: 'verdicts', problems: parsed.problems, labels: blocks.map((b) => b.label) },
      };
}

/** The fix, extracted from the reply and placed into the program; the problem otherwise, for the retry. */
export async function placeFix(
  reply: string,
  program: SourceFile,
  entry: string,
  shown: string[],
  assets: Assets,
): Promise<Parsed<string>> {
  // Parse and entry checks happen on the placed program below, where tree-sitter is at hand.
  const name = shortName(entry);
  const language = languageById(program.language);
  const fence = language.words.fence;
  const extracted = extractFix(reply, name, () => ({ ok: true }), language.words);
  if ('error' in extracted)
    return { ok: false, problem: { kind: 'fix', error: extracted.error, entryFunction: name, fence } };
  const fix = await parseSource({
    path: program.path,
    language: program.language,
    text: extracted.code,
    wasmDir: wasmDir(assets),
  });
  const placed = language.placeFix({ original: program, fix, entry, shown });
  return placed.ok
    ? { ok: true, value: placed.text }
    : { ok: false, problem: { kind: 'fix', error: placed.reason, entryFunction: name, fence } };
}
