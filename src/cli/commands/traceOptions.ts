// The flags of `ldb trace`, apart from the command: the launcher parses them too (headStart.ts).
import type { OptionSpec } from '../args';
import { RUN_OPTIONS } from '../settingsFlags';

export const TRACE_OPTIONS: OptionSpec = {
  ...RUN_OPTIONS,
  test: { type: 'string' },
  function: { type: 'string' },
  json: { type: 'boolean' },
};
