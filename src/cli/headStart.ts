// `ldb trace`'s head start. The CLI's bundle takes ~15 ms to compile and its modules ~15 ms more
// to load, and only then would the interpreter start (itself 10-40 ms) and tree-sitter's wasm
// begin to compile. The launcher runs this first instead: from the same flags the trace command
// reads, it starts the runtime (for a collected test, such as a pytest node id: its runner) and the
// wasm compiles, and the command takes them over when it gets there. Whatever this cannot tell
// (bad flags, an unknown language, no test unless the language traces the file's own tests then,
// an interpreter not probed before) it leaves to the command, which then starts everything itself
// and reports any error.
import { readFileSync } from 'node:fs';
import { runtimeStartFor, starterForPath } from '../core/languages/starters';
import type { StartedCollected, StartedRuntime } from '../core/languages/support';
import { grammarWasm, runtimeWasm, startCompiles, type WasmModule } from '../core/parse/wasmFiles';
import { parseCommandArgs, stringOption } from './args';
import { TRACE_OPTIONS } from './commands/traceOptions';
import { settingsFrom } from './settingsFlags';

/** A runtime started ahead for the command line this process runs. */
export interface HeadStart {
  /** The runtime, once: a second call (or none at all before `release`) gets undefined. */
  take(): Promise<StartedRuntime> | undefined;
  /** For a collected test (a pytest node id): its runner started ahead, once; release() ends it if unused. */
  takeCollected(): StartedCollected | undefined;
  /** Ends the runtime if nobody took it (its child exits, its folder goes). */
  release(): void;
  /** Wasm compiles started ahead, by absolute path. */
  readonly compiles: ReadonlyMap<string, Promise<WasmModule>>;
}

export function headStart(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  assetsDir: string,
  signal: AbortSignal,
  /** Called once the runtime is started, before the wasm compiles start (the launcher sets V8's flags). */
  beforeCompiles: () => void = () => undefined,
): HeadStart | undefined {
  try {
    const [command, ...rest] = argv;
    if (command !== 'trace' || rest.includes('--help') || rest.includes('-h')) return undefined;
    const parsed = parseCommandArgs('trace', [...rest], TRACE_OPTIONS);
    const test = stringOption(parsed, 'test');
    const file = parsed.positionals.length === 1 ? parsed.positionals[0] : undefined;
    if (file === undefined || test?.trim() === '') return undefined;
    const starter = starterForPath(file);
    if (starter === undefined) return undefined;
    const testId = test !== undefined && starter.isTestId?.(test) === true ? test : undefined;
    if (
      testId === undefined &&
      test === undefined &&
      !starter.tracesOwnTests?.(file, readFileSync(file, 'utf8'))
    )
      return undefined;
    if (testId !== undefined && starter.startCollected === undefined) return undefined;
    // No warning here: the command reads the same flags again and says it once.
    const settings = settingsFrom(parsed, env);
    // From the shell's folder, as the command's own runs (CommandContext.cwd).
    const cwd = process.cwd();
    // The child first: its start is the longer path; the compiles run on V8's threads meanwhile.
    const collectedRunner =
      testId === undefined
        ? undefined
        : starter.startCollected?.({ path: file, testId, settings, assetsDir, cwd, signal });
    if (testId !== undefined && collectedRunner === undefined) return undefined;
    let collected = collectedRunner;
    let runtime: Promise<StartedRuntime> | undefined =
      testId === undefined
        ? starter.startRuntime(
            runtimeStartFor({ path: file, settings, assetsDir, cwd, signal, oneShot: true }),
          )
        : undefined;
    beforeCompiles();
    const compiles = startCompiles([
      runtimeWasm(assetsDir),
      grammarWasm(starter.grammarFor(file), assetsDir),
    ]);
    runtime?.catch(() => undefined); // reported where the command awaits it
    return {
      compiles,
      take() {
        const taken = runtime;
        runtime = undefined;
        return taken;
      },
      takeCollected() {
        const taken = collected;
        collected = undefined;
        return taken;
      },
      release() {
        const left = runtime;
        runtime = undefined;
        void left?.then(
          (r) => r.cancel(),
          () => undefined,
        );
        // Taken or not: a runner the command gave its config to ignores this; one it never got to
        // (an error on the way) ends here rather than wait for its config until its time limit.
        collected = undefined;
        collectedRunner?.cancel();
      },
    };
  } catch {
    return undefined;
  }
}
