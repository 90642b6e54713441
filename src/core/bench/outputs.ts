// The files a finished run leaves in its folder besides results.jsonl: summary.md, summary.json and
// (when programs are judged) accuracy.svg. One writer for `ldb bench` and `ldb bench merge`, so a
// merged run's files are those of a single run.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { summaryMarkdown } from './markdown';
import { RESULTS_FILE } from './results';
import { accuracyChart, type ChartSeries } from './svg';
import type { BenchSummary } from './summary';

export const SUMMARY_FILE = 'summary.md';
export const SUMMARY_JSON_FILE = 'summary.json';
export const CHART_FILE = 'accuracy.svg';

export interface BenchOutcome {
  summary: BenchSummary;
  markdown: string;
  files: { results: string; summary: string; json: string; chart?: string };
}

export async function writeSummaryFiles(outDir: string, summary: BenchSummary): Promise<BenchOutcome> {
  const markdown = summaryMarkdown(summary);
  const files: BenchOutcome['files'] = {
    results: join(outDir, RESULTS_FILE),
    summary: join(outDir, SUMMARY_FILE),
    json: join(outDir, SUMMARY_JSON_FILE),
  };
  await writeFile(files.summary, markdown);
  await writeFile(files.json, JSON.stringify(summary, null, 2) + '\n');
  if (summary.mode !== 'trace-only') {
    files.chart = join(outDir, CHART_FILE);
    await writeFile(files.chart, chartOf(summary));
  }
  return { summary, markdown, files };
}

export function chartOf(summary: BenchSummary): string {
  const series: ChartSeries[] = [
    { label: summary.mode === 'replay' ? 'ours (replayed)' : 'ours', values: summary.perIteration },
  ];
  if (summary.reference)
    series.push({ label: "LDB's run", values: summary.reference.perIteration, dashed: true });
  return accuracyChart(`pass@1 per debugging iteration: ${summary.dataset}`, series);
}
