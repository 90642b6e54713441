// Plain-text renderings shared by the commands.
import type { TestOutcome } from '../core/model';
import { describeException } from '../core/trace/render';

export function describeOutcome(outcome: TestOutcome): string {
  switch (outcome.status) {
    case 'passed':
      return 'passed';
    case 'failed':
      return outcome.expected !== undefined || outcome.actual !== undefined
        ? `failed: expected ${outcome.expected ?? '?'}, got ${outcome.actual ?? '?'}`
        : `failed${outcome.exception ? `: ${describeException(outcome.exception)}` : ''}`;
    case 'error':
      return `error: ${outcome.exception ? describeException(outcome.exception) : 'the program failed'}`;
    case 'timeout':
      return 'timeout: the time limit was hit';
  }
}
