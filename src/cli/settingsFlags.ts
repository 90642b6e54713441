// Flags shared by the commands that run code, mapped onto core Settings.
import { withDefaults, type Settings } from '../core/settings';
import { intOption, oneOf, stringOption, type OptionSpec, type Parsed } from './args';

export const RUN_OPTIONS: OptionSpec = {
  python: { type: 'string' },
  'timeout-ms': { type: 'string' },
  'memory-mb': { type: 'string' },
  'value-length': { type: 'string' },
  'max-blocks': { type: 'string' },
  level: { type: 'string' },
};

export const RUN_OPTIONS_HELP = `  --python CMD          Python interpreter: a command, or a path (relative: to the project root);
                        default: the project's .venv / venv, else python3 (env LDB_PYTHON)
  --level L             block | line | function (default block)
  --max-blocks N        segments in the prompt: first and last halves (default 10; 0 = all)
  --timeout-ms N        time limit per test run; the process group is killed (default 5000)
  --memory-mb N         memory limit of the traced process (default 1024)
  --value-length N      characters per value; the middle of longer ones is elided (default 80)`;

export function settingsFrom(parsed: Parsed, env: NodeJS.ProcessEnv): Settings {
  const memoryMb = intOption(parsed, 'memory-mb', 16);
  return withDefaults({
    python: stringOption(parsed, 'python') ?? env.LDB_PYTHON,
    level: oneOf(parsed, 'level', ['block', 'line', 'function'] as const),
    maxBlocks: intOption(parsed, 'max-blocks', 0),
    timeoutMs: intOption(parsed, 'timeout-ms', 1),
    memoryBytes: memoryMb === undefined ? undefined : memoryMb * 1024 * 1024,
    maxValueLength: intOption(parsed, 'value-length', 8),
  });
}
