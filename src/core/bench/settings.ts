// The benchmark's own limits, with LDB's values as defaults (programming/run_ldb.sh and
// executors/py_executor.py of LDB's repository): 10 debugging iterations, 10 s for the hidden
// tests of one task. Visible tests and traces use the core's run limits (settings.ts).
export interface BenchLimits {
  /** Fixes asked for per task at most (LDB: --max_iters 10). */
  maxIters: number;
  /** Time limit of one run of a task's hidden tests (LDB's evaluate: timeout=10 s). */
  hiddenTimeoutMs: number;
}

export const DEFAULT_BENCH_LIMITS: Readonly<BenchLimits> = Object.freeze({
  maxIters: 10,
  hiddenTimeoutMs: 10_000,
});

export function withBenchDefaults(partial: Partial<BenchLimits> = {}): BenchLimits {
  return {
    maxIters: partial.maxIters ?? DEFAULT_BENCH_LIMITS.maxIters,
    hiddenTimeoutMs: partial.hiddenTimeoutMs ?? DEFAULT_BENCH_LIMITS.hiddenTimeoutMs,
  };
}
