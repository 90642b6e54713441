// A debug session as text: what `ldb debug` prints at the end and `ldb replay` prints again.
import { createTwoFilesPatch } from 'diff';
import type { FileEdit, Session, TestResult, Verdict } from '../core/model';
import { describeOutcome } from './format';

export function resultLine(r: TestResult): string {
  const mark =
    r.outcome.status === 'passed'
      ? 'PASS'
      : r.outcome.status === 'failed'
        ? 'FAIL'
        : r.outcome.status.toUpperCase();
  return `  ${mark.padEnd(7)} ${r.label}${r.outcome.status === 'passed' ? '' : `  (${describeOutcome(r.outcome)})`}`;
}

function passCount(results: readonly TestResult[]): string {
  return `${results.filter((r) => r.outcome.status === 'passed').length}/${results.length}`;
}

export function verdictLine(v: Verdict): string {
  const lines =
    v.startLine === undefined
      ? ''
      : v.endLine !== undefined && v.endLine !== v.startLine
        ? `L${v.startLine}-${v.endLine}`
        : `L${v.startLine}`;
  const mark = v.correct === true ? 'correct' : v.correct === false ? 'WRONG' : 'unknown';
  const where = v.file === undefined || lines === '' ? lines : `${v.file}:${lines}`;
  return `  ${v.block.padEnd(9)} ${where.padEnd(8)} ${mark.padEnd(8)} ${v.explanation.replace(/\s+/g, ' ').trim()}`;
}

export function unifiedDiff(file: string, before: string, after: string): string {
  const patch = createTwoFilesPatch(file, file, before, after, '', '(proposed fix)', { context: 3 });
  // Drop the Index:/==== preamble: `git apply` and `patch` read the ---/+++ form alone.
  return patch.replace(/^Index: .*\n=+\n/, '').replace(/\t\n/, '\n');
}

/**
 * The fix as one unified diff over every file it changes (each file's name as the session gives
 * it); a session saved before fixes spanned files has only the debugged file's text.
 */
export function fixDiff(
  session: Pick<Session, 'file' | 'originalCode' | 'finalCode' | 'finalFiles'>,
): string {
  const edits = session.finalFiles;
  if (edits === undefined || edits.length === 0)
    return unifiedDiff(session.file, session.originalCode, session.finalCode ?? session.originalCode);
  return edits.map((e) => unifiedDiff(e.file, e.original, e.code)).join('');
}

/** The files a fix changes, when that is more than the debugged file alone. */
function otherFiles(session: Session, files: readonly FileEdit[] | undefined): string {
  if (!files || files.length === 0) return '';
  if (files.length === 1 && files[0].file === session.file) return '';
  return ` · changes ${files.map((f) => f.file).join(', ')}`;
}

export function sessionText(session: Session): string {
  const out: string[] = [];
  const first = session.iterations[0];
  if (first) {
    out.push(`${session.function}: ${passCount(first.results)} visible tests pass`);
    out.push(...first.results.map(resultLine));
  }
  for (const it of session.iterations) {
    if (it.exchanges.length === 0 && !it.fix && !it.unusableFix) continue;
    const traced = session.tests.find((t) => t.id === it.tracedTest);
    out.push('', `iteration ${it.index}: ${traced ? `traced ${traced.label}` : 'no test traced'}`);
    if (it.index > 1) out.push(...it.results.map(resultLine));
    if (it.verdicts.length > 0) out.push(...it.verdicts.map(verdictLine));
    else if (it.tracePrompt === undefined) out.push('  (no trace: the model was told why)');
    if (it.unreadableVerdicts !== undefined)
      out.push(`  verdicts: could not be read: ${it.unreadableVerdicts}`);
    if (it.unusableFix) out.push(`  fix: could not be used: ${it.unusableFix.reason}`);
    if (it.fix)
      out.push(
        `  fix: ${passCount(it.fix.results)} visible tests pass${otherFiles(session, it.fix.files)}${it.rejected !== undefined ? ' (rejected by the user)' : ''}`,
      );
  }
  const tokens = `${session.tokens.prompt} prompt + ${session.tokens.completion} completion tokens${session.tokens.estimated ? ' (estimated)' : ''}`;
  const seconds = `${(session.ms / 1000).toFixed(1)} s`;
  const fixedIn = session.iterations.length;
  out.push('');
  switch (session.status) {
    case 'already-passing':
      out.push(`result: all ${first?.results.length ?? 0} visible tests already pass; nothing to fix`);
      break;
    case 'fixed':
      out.push(fixDiff(session).trimEnd());
      out.push(
        `result: fixed after ${fixedIn} iteration${fixedIn === 1 ? '' : 's'} · ${tokens} · ${seconds}`,
      );
      break;
    case 'not-fixed':
      out.push(
        `result: no fix passes every visible test after ${fixedIn} iteration${fixedIn === 1 ? '' : 's'} · ${tokens} · ${seconds}`,
      );
      break;
    case 'cancelled':
      out.push(`result: cancelled · ${tokens} · ${seconds}`);
      break;
    case 'error':
      out.push(`result: stopped: ${session.error ?? 'the model failed'} · ${tokens} · ${seconds}`);
      break;
  }
  return out.join('\n') + '\n';
}
