// A tool result must never flood an agent's context: a text longer than the cap keeps its first
// three quarters and its last quarter (the outcome comes first, the summary of what was omitted
// last), cut at line ends, with the cut said where it is.

export function capText(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const note = (n: number) =>
    `# ... ${n} characters omitted: a tool result is capped at ${maxChars} characters (ask for fewer blocks) ...`;
  const room = Math.max(0, maxChars - note(text.length).length - 2);
  let head = text.slice(0, Math.floor((room * 3) / 4));
  let tail = text.slice(text.length - (room - head.length));
  const headEnd = head.lastIndexOf('\n');
  if (headEnd > 0) head = head.slice(0, headEnd + 1);
  else head = '';
  const tailStart = tail.indexOf('\n');
  tail = tailStart >= 0 ? tail.slice(tailStart + 1) : '';
  const omitted = text.length - head.length - tail.length;
  return `${head}${note(omitted)}\n${tail}`;
}
