// Flags shared by the commands that run code, mapped onto core Settings.
import { badInput } from '../core/errors';
import { ISOLATION_MODES, isolationWarning, type IsolationMode } from '../core/run/isolation';
import { withDefaults, type Settings } from '../core/settings';
import { intOption, oneOf, stringOption, type OptionSpec, type Parsed } from './args';

export const RUN_OPTIONS: OptionSpec = {
  python: { type: 'string' },
  node: { type: 'string' },
  'timeout-ms': { type: 'string' },
  'memory-mb': { type: 'string' },
  'max-processes': { type: 'string' },
  'max-file-mb': { type: 'string' },
  'value-length': { type: 'string' },
  'max-blocks': { type: 'string' },
  level: { type: 'string' },
  isolation: { type: 'string' },
};

export const RUN_OPTIONS_HELP = `  --python CMD          Python interpreter: a command, or a path (relative: to the project root);
                        default: the project's .venv / venv, else python3 (env LDB_PYTHON)
  --node CMD            Node for JavaScript and TypeScript files (default node; env LDB_NODE)
  --level L             block | line | function (default block)
  --max-blocks N        segments in the prompt: first and last halves (default 10; 0 = all)
  --timeout-ms N        time limit per test run; the process group is killed (default 5000)
  --memory-mb N         memory limit of the traced process (default 1024)
  --max-processes N     processes and threads a run may have (default 512)
  --max-file-mb N       largest file a run may write (default 256)
  --value-length N      characters per value; the middle of longer ones is elided (default 80)
  --isolation M         auto | required | off: OS isolation of the code run (bubblewrap on Linux;
                        default auto: isolated where possible, else a warning; env LDB_ISOLATION)`;

/** The isolation warning is said once per process, however many runs follow. */
let warned = false;

function isolationFromEnv(env: NodeJS.ProcessEnv): IsolationMode | undefined {
  const value = env.LDB_ISOLATION;
  if (value === undefined || value === '') return undefined;
  const mode = ISOLATION_MODES.find((m) => m === value);
  if (mode === undefined)
    throw badInput(`LDB_ISOLATION=${value}: expected one of ${ISOLATION_MODES.join(', ')}`);
  return mode;
}

export function settingsFrom(
  parsed: Parsed,
  env: NodeJS.ProcessEnv,
  warn?: (line: string) => void,
): Settings {
  const memoryMb = intOption(parsed, 'memory-mb', 16);
  const fileMb = intOption(parsed, 'max-file-mb', 1);
  const settings = withDefaults({
    isolation: oneOf(parsed, 'isolation', ISOLATION_MODES) ?? isolationFromEnv(env),
    python: stringOption(parsed, 'python') ?? env.LDB_PYTHON,
    node: stringOption(parsed, 'node') ?? env.LDB_NODE,
    level: oneOf(parsed, 'level', ['block', 'line', 'function'] as const),
    maxBlocks: intOption(parsed, 'max-blocks', 0),
    timeoutMs: intOption(parsed, 'timeout-ms', 1),
    memoryBytes: memoryMb === undefined ? undefined : memoryMb * 1024 * 1024,
    maxProcesses: intOption(parsed, 'max-processes', 16),
    maxFileBytes: fileMb === undefined ? undefined : fileMb * 1024 * 1024,
    maxValueLength: intOption(parsed, 'value-length', 8),
  });
  const warning = isolationWarning(settings.isolation);
  if (warning !== undefined && warn !== undefined && !warned) {
    warned = true;
    warn(`ldb: warning: ${warning}\n`);
  }
  return settings;
}
