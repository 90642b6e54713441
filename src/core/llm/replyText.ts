// Shared first steps for reading a model's reply: drop its visible reasoning, find its code fences.

/**
 * Reasoning models served through Ollama, vLLM or LM Studio often put their chain of thought in
 * the content as <think>...</think>; it mentions blocks and code that are not the answer. Some
 * servers strip the opening tag, leaving only a closing one: everything before it goes too.
 */
export function stripReasoning(text: string): string {
  let out = text.replace(/<(think|thinking|reasoning)>[\s\S]*?<\/\1>/gi, '');
  const dangling = /<\/(think|thinking|reasoning)>/i.exec(out);
  if (dangling) out = out.slice(dangling.index + dangling[0].length);
  return out;
}

export interface Fence {
  /** The info string's first word, lower case ('' when the fence has none). */
  tag: string;
  code: string;
  /** Position among the fences of the reply, from 0. */
  index: number;
  /** False when the reply ended inside it (cut off at the token limit). */
  closed: boolean;
}

const OPEN = /^ {0,3}(`{3,}|~{3,})[ \t]*([^\s`]*)[^`\n]*$/;
/** LDB's own few-shot prompts and CodeLlama wrap code in [python] ... [/python] instead. */
const BRACKETED = /^\s*\[([A-Za-z][\w+#-]*)\]\s*$/;

function bracketClose(tag: string): RegExp {
  return new RegExp(`^\\s*\\[/${tag.replace(/[+#-]/g, '\\$&')}\\]\\s*$`, 'i');
}

/** Fenced code blocks (``` or ~~~, CommonMark's rules in short) and [python] blocks, in order. */
export function findFences(text: string): Fence[] {
  const lines = text.split(/\r?\n/);
  const fences: Fence[] = [];
  let i = 0;
  while (i < lines.length) {
    const open = OPEN.exec(lines[i]);
    const bracketTag = open ? undefined : BRACKETED.exec(lines[i])?.[1];
    // A bracketed tag opens a block only where its [/tag] follows: `[Note]` alone is prose.
    const bracket =
      bracketTag !== undefined && lines.slice(i + 1).some((l) => bracketClose(bracketTag).test(l))
        ? bracketTag
        : undefined;
    if (!open && !bracket) {
      i++;
      continue;
    }
    const isClose = open
      ? (line: string): boolean => new RegExp(`^ {0,3}${open[1][0]}{${open[1].length},}\\s*$`).test(line)
      : (line: string): boolean => bracketClose(bracket!).test(line);
    let end = i + 1;
    while (end < lines.length && !isClose(lines[end])) end++;
    fences.push({
      tag: (open ? open[2] : bracket!).toLowerCase(),
      code: lines.slice(i + 1, end).join('\n'),
      index: fences.length,
      closed: end < lines.length,
    });
    i = end + 1;
  }
  return fences;
}

/** Removes the indentation every non-blank line shares (code pasted inside a list item). */
export function dedent(code: string): string {
  const lines = code.split('\n');
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)?.[0].length ?? 0);
  const common = indents.length ? Math.min(...indents) : 0;
  return common ? lines.map((l) => l.slice(Math.min(common, l.length))).join('\n') : code;
}
