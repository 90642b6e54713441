// V8 set up for a command that is over in a fraction of a second (`ldb trace`, `ldb tests`), as
// opposed to a server or the benchmark (longLived.ts), which keep V8's defaults.
//
// - `--liftoff-only`: tree-sitter's wasm is compiled by V8's baseline compiler and then, for hot
//   functions, again by its optimizing one on background threads; a process does not exit before
//   those jobs end: 60-270 ms at the end of every `ldb trace`, for code that ran once.
// - `--no-opt`: the same for JavaScript. Functions hot enough for TurboFan (the tokenizer, the
//   tree walks) queue optimizing jobs, and Node's exit waits for every queued job: 10-14 ms between
//   the trace printed and the process gone, and a core taken from the traced child. Measured with
//   /tmp A/B runs of `ldb trace` on HumanEvalFix-JS files: 134 ms -> 114 ms median.
// - Node's own modules (node:fs/promises, ...) come with a code cache that V8 accepts only under
//   the flags it was made with; once a flag is set, each one loaded after compiles from scratch
//   (six of them: 3.7 ms before, 11.3 ms after, measured here). So the ones the CLI loads later are
//   loaded first, then the flags are set. test/unit/cli/shortCommandV8.test.ts checks that `ldb
//   trace` loads no public module of Node's after this.
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';

/** Node's modules the CLI's bundle loads after start-up (fs/promises brings readline with it). */
const LOADED_LATER = ['node:fs/promises', 'node:perf_hooks', 'node:readline'] as const;

/** The flags a short command runs with (set once, by tuneV8ForShortCommand). */
export const SHORT_COMMAND_V8_FLAGS = ['--liftoff-only', '--no-opt'] as const;

let tuned = false;

/** Loads the modules named above, then sets the flags; once per process, before any wasm compiles. */
export function tuneV8ForShortCommand(): void {
  if (tuned) return;
  tuned = true;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded for their code cache, now and not at start-up
  for (const id of LOADED_LATER) require(id);
  void parseArgs; // node:util loads it on first use (every command parses its flags)
  for (const flag of SHORT_COMMAND_V8_FLAGS) setFlagsFromString(flag);
}
