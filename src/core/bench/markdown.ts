// The Markdown summary of a run (DIR/summary.md, and what `ldb bench` prints): the tables the
// paper reports, from BenchSummary alone, so that it is the same on every machine for the same
// results except for the timing lines.
import type { BenchSummary } from './summary';

const MODE_TITLE: Record<BenchSummary['mode'], string> = {
  replay: "replay of LDB's published run",
  model: 'LDB loop with a model',
  'trace-only': 'tracing the failing seeds',
};

export function summaryMarkdown(s: BenchSummary, options: { timing?: boolean } = {}): string {
  const covers = s.shard
    ? `shard ${s.shard.index}/${s.shard.count}: ${s.total} of ${s.shard.totalTasks} tasks`
    : `${s.total} tasks`;
  const out: string[] = [`## ldb bench: ${MODE_TITLE[s.mode]} on ${s.dataset} (${covers})`, ''];
  if (s.mode === 'trace-only' && s.trace) out.push(...traceTables(s));
  else out.push(...debugTables(s));
  if (options.timing !== false) {
    const t = s.timing;
    const wall =
      t.shards === undefined
        ? `${seconds(t.wallMs)} wall at -j ${t.jobs}`
        : `${seconds(t.wallMs)} wall (the longest of ${t.shards} shards) at -j ${t.jobs}`;
    out.push(
      '',
      `Time: ${wall}; ${seconds(t.taskMsTotal)} summed over tasks` +
        (t.medianTaskMs === null ? '' : `, median ${seconds(t.medianTaskMs)} per task`) +
        '.',
    );
  }
  return out.join('\n') + '\n';
}

function debugTables(s: BenchSummary): string[] {
  const out: string[] = ['| | pass@1 | solved |', '|---|---:|---:|'];
  out.push(`| seeds (prepared as LDB does) | ${pct(s.seedAccuracy)} | ${s.seedSolved ?? 0}/${s.total} |`);
  out.push(`| after debugging (ours) | ${pct(s.accuracy)} | ${s.solved ?? 0}/${s.total} |`);
  if (s.reference)
    out.push(
      `| after debugging (LDB's run) | ${pct(s.reference.accuracy)} | ${s.reference.solved}/${s.total} |`,
    );
  out.push(
    '',
    'Cumulative pass@1 (%) after each iteration (a task counts from the iteration its loop ended at; 0 = seeds that pass their visible and hidden tests):',
    '',
  );
  const iters = s.perIteration.map((_, k) => String(k));
  out.push(`| iteration | ${iters.join(' | ')} |`, `|---|${iters.map(() => '---:').join('|')}|`);
  out.push(row('ours', s.perIteration));
  if (s.reference) out.push(row("LDB's run", s.reference.perIteration));
  out.push(
    '',
    `Loop endings: ${entries(s.statuses)}. Seeds passing their visible tests: ${s.seedsPassingVisible}.`,
  );
  const tokens = `${s.tokens.prompt} prompt, ${s.tokens.completion} completion${s.tokens.estimated ? ' (counted with cl100k, not reported by a server)' : ''}`;
  out.push(
    `Tokens: ${tokens}` +
      (s.reference ? `; LDB's run reported ${s.reference.tokenNums} (token_nums, GPT-2 tokenizer).` : '.'),
  );
  if (s.reference) {
    out.push('');
    if (s.differences.length === 0) out.push("Differences from LDB's run: none.");
    else {
      out.push(`Differences from LDB's run (${s.differences.length} tasks):`, '');
      for (const d of s.differences) out.push(`- ${d.taskId}: ${d.reasons.join('; ')}`);
    }
  }
  return out;
}

function traceTables(s: BenchSummary): string[] {
  const t = s.trace!;
  const out: string[] = [
    `Seeds failing a visible test: ${t.failingSeeds} (traced on their first failing one); passing: ${s.seedsPassingVisible}.`,
    '',
    '| outcome of the traced run | seeds |',
    '|---|---:|',
  ];
  for (const [k, v] of Object.entries(t.outcomes)) out.push(`| ${k} | ${v} |`);
  out.push(
    '',
    `Traces that visit a block of the function under test: ${t.visitingEntry} of ${t.traced}.`,
    '',
    '| median | value |',
    '|---|---:|',
    `| trace time (parse, run, segments) | ${t.medianTraceMs ?? '-'} ms |`,
    `| run time of the traced process | ${t.medianRunMs ?? '-'} ms |`,
    `| prompt tokens of the trace | ${t.medianPromptTokens ?? '-'} |`,
    `| prompt tokens of the verdict request | ${t.medianRequestTokens ?? '-'} |`,
  );
  if (Object.keys(t.exceptions).length > 0) out.push('', `Exceptions: ${entries(t.exceptions)}.`);
  if (Object.keys(t.limits).length > 0) out.push(`Limits hit: ${entries(t.limits)}.`);
  return out;
}

function row(label: string, values: readonly number[]): string {
  return `| ${label} | ${values.map((v) => v.toFixed(1)).join(' | ')} |`;
}

function pct(value: number | null): string {
  return value === null ? '-' : `${value.toFixed(1)}%`;
}

function entries(counts: Record<string, number>): string {
  const list = Object.entries(counts).map(([k, v]) => `${k} ${v}`);
  return list.length === 0 ? 'none' : list.join(', ');
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
