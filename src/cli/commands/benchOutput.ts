// What `ldb bench` and `ldb bench merge` print on stdout: the summary in Markdown and the files
// written, or with --json the summary as one JSON line.
import type { BenchOutcome } from '../../core/bench/outputs';
import type { CommandContext } from '../context';

export function printOutcome(
  ctx: CommandContext,
  outcome: BenchOutcome,
  json: boolean,
  more: string[] = [],
): void {
  if (json) {
    ctx.stdout(JSON.stringify(outcome.summary) + '\n');
    return;
  }
  const { results, summary, json: summaryJson, chart } = outcome.files;
  const written = [results, summary, summaryJson, ...(chart !== undefined ? [chart] : []), ...more];
  ctx.stdout(`${outcome.markdown}\nWritten: ${written.join(', ')}\n`);
}
