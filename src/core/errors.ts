// Errors the core raises on purpose carry a reason, so each face can map them: the CLI to an exit
// code and one line on stderr, the extension to a message. Anything else is a bug of ours.

export type LdbErrorReason =
  | 'bad-input' // unreadable file, syntax error, unknown function, unparseable test (CLI exit 2)
  | 'interpreter' // the Python interpreter is missing or unusable (CLI exit 2)
  | 'isolation' // isolation is required and the platform cannot give it (CLI exit 2)
  | 'no-llm' // no model configured (CLI exit 3)
  | 'llm' // the model failed or kept answering unusably
  | 'cancelled'
  | 'internal';

export class LdbError extends Error {
  constructor(
    readonly reason: LdbErrorReason,
    message: string,
  ) {
    super(message);
    this.name = 'LdbError';
  }
}

/**
 * By shape, not only by class: `ldb mcp` is its own bundle (dist/mcp.js) with its own copy of this
 * class, and the errors it throws reach the CLI's main, which knows the other copy.
 */
export function isLdbError(e: unknown, reason?: LdbErrorReason): e is LdbError {
  const ours =
    e instanceof LdbError ||
    (e instanceof Error && e.name === 'LdbError' && typeof (e as { reason?: unknown }).reason === 'string');
  return ours && (reason === undefined || (e as LdbError).reason === reason);
}

export function badInput(message: string): LdbError {
  return new LdbError('bad-input', message);
}
