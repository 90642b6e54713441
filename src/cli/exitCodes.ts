// The CLI's exit codes (DESIGN.md, "Contracts"). Scripts and CI depend on them.
import type { LdbErrorReason } from '../core/errors';

export const EXIT = {
  ok: 0,
  /** `ldb debug`: the loop ended without a fix that passes every visible test. */
  notFixed: 1,
  badInput: 2,
  noLlm: 3,
  /** A bug of ours or an LLM that kept failing: not a contract code, but never 0. */
  failure: 4,
  cancelled: 130,
} as const;

export function exitCodeFor(reason: LdbErrorReason): number {
  switch (reason) {
    case 'bad-input':
    case 'interpreter':
    case 'isolation':
      return EXIT.badInput;
    case 'no-llm':
      return EXIT.noLlm;
    case 'cancelled':
      return EXIT.cancelled;
    case 'llm':
    case 'internal':
      return EXIT.failure;
  }
}
