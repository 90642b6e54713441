// Tracing as the extension runs it, in one long-lived Node process: per program, the time to get
// the trace through the core API (traceTest: parse, run under the tracer, segments, prompt) against
// a plain spawn of the same interpreter on the same program and test. The two alternate per round.
import { traceTest } from '../src/core/trace/tracing';
import type { Settings } from '../src/core/settings';
import type { CorpusCase } from '../test/support/ldbCorpus';
import { plainRun } from '../test/support/plainRun';
import { median as medianOf } from '../src/core/bench/stats';

const median = (xs: readonly number[]): number => medianOf(xs) ?? NaN;

export interface LongLivedFigures {
  programs: number;
  /** Programs that do not parse: bad input for traceTest, nothing to time. */
  skipped: number;
  rounds: number;
  traceMs: number;
  plainMs: number;
  ratio: number;
}

export async function measureLongLived(args: {
  cases: readonly CorpusCase[];
  files: readonly string[];
  settings: Settings;
  /** The resolved interpreter executable the plain runs use (traceTest resolves the same one). */
  executable: string;
  assetsDir: string;
  rounds: number;
}): Promise<LongLivedFigures> {
  const { cases, files, settings } = args;
  const assets = { dir: args.assetsDir };
  // Warm: wasm, tokenizer, interpreter resolution, OS caches.
  await traceTest({
    path: files[0],
    test: cases[0].test,
    functionName: cases[0].entryPoint,
    settings,
    assets,
  });
  const oursMs: number[] = [];
  const plainMs: number[] = [];
  const ratios: number[] = [];
  let skipped = 0;
  for (let i = 0; i < cases.length; i++) {
    const c = cases[i];
    const mine: number[] = [];
    const plain: number[] = [];
    let parsed = true;
    const runOurs = async () => {
      const t = performance.now();
      try {
        await traceTest({ path: files[i], test: c.test, functionName: c.entryPoint, settings, assets });
      } catch {
        parsed = false;
      }
      mine.push(performance.now() - t);
    };
    const runPlain = () =>
      plain.push(plainRun(args.executable, c.program, c.test, settings.timeoutMs + 1000).ms);
    for (let r = 0; r < args.rounds; r++) {
      if (r % 2 === 0) {
        await runOurs();
        runPlain();
      } else {
        runPlain();
        await runOurs();
      }
    }
    if (!parsed) {
      skipped++;
      continue;
    }
    oursMs.push(median(mine));
    plainMs.push(median(plain));
    ratios.push(median(mine) / median(plain));
  }
  return {
    programs: oursMs.length,
    skipped,
    rounds: args.rounds,
    traceMs: median(oursMs),
    plainMs: median(plainMs),
    ratio: median(ratios),
  };
}
