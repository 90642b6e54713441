// One line about a test outcome, for messages and the status bar.
import type { TestOutcome } from '../core/model';

export function outcomeText(outcome: TestOutcome): string {
  const e = outcome.exception;
  const raised = e
    ? `${e.type}${e.message ? `: ${e.message}` : ''}${e.line !== undefined ? ` (line ${e.line})` : ''}`
    : '';
  switch (outcome.status) {
    case 'passed':
      return 'passed';
    case 'timeout':
      return 'timed out';
    case 'error':
      return `error: ${raised || 'the program failed'}`;
    case 'failed':
      if (outcome.actual !== undefined && outcome.expected !== undefined)
        return `failed: expected ${outcome.expected}, got ${outcome.actual}`;
      return `failed${raised ? `: ${raised}` : ''}`;
  }
}
