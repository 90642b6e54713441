// A run that hit a limit is still a trace worth reading; the reader (person or model) must know
// that it is cut short and why.
import type { LimitHit, RunResult } from '../model';

const WHY: Record<LimitHit['limit'], (hit: LimitHit) => string> = {
  time: (h) => `time limit of ${h.value} ms hit`,
  memory: (h) => `memory limit of ${Math.round(h.value / (1024 * 1024))} MiB hit`,
  stdout: (h) => `program output cut at ${h.value} bytes`,
  stderr: (h) => `program error output cut at ${h.value} bytes`,
  trace: (h) => `trace size limit of ${h.value} bytes hit; later blocks not recorded`,
  events: (h) => `${h.value} line events traced; the rest ran untraced`,
  visits: (h) => `${h.value} block visits kept; the middle ones were dropped`,
  files: (h) => `${h.value} project files traced; functions of further files ran untraced`,
};

/** One line naming every limit that cut the trace short, or undefined. Output caps do not cut it. */
export function describeLimits(run: RunResult): string | undefined {
  const relevant = run.limits.filter(
    (l) => l.limit !== 'stdout' && l.limit !== 'stderr' && l.limit !== 'visits',
  );
  if (relevant.length === 0) return undefined;
  return relevant.map((l) => WHY[l.limit](l)).join('; ');
}
