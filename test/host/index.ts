// The entry the extension host loads as `extensionTestsPath` (bundled into out/test/host/index.js by
// scripts/vscode/buildHostTests.mjs, with every test/host/**/*.test.ts and Mocha inside). VS Code
// calls run(); the promise settling decides the exit code the runner gets (0 when it resolves).
//
// Options arrive through the environment of code-server, which the extension host inherits
// (scripts/vscode/runHostTests.mjs sets them):
//   LDB_HOST_TEST_GREP        run only the tests whose full title matches this regular expression
//   LDB_HOST_TEST_GREP_INVERT =1: run only the tests whose full title does NOT match it
//   LDB_HOST_TEST_TIMEOUT_MS  per-test timeout (default 20000)
//   LDB_HOST_TEST_REPORT      a file to write the results to as JSON (the runner prints them)
//   LDB_HOST_TEST_LOG         a file that gets a copy of everything the tests and Mocha print to
//                             the console (the runner streams it to its stdout)
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';
import { hostTestFiles, loadHostTests } from 'ldb:host-tests';

export interface HostTestResult {
  title: string;
  file: string | undefined;
  state: 'passed' | 'failed' | 'pending';
  durationMs: number | undefined;
  error?: { message: string; stack: string | undefined; expected?: string; actual?: string };
}

export interface HostTestReport {
  files: readonly string[];
  passed: number;
  failed: number;
  pending: number;
  durationMs: number;
  tests: HostTestResult[];
}

function describeError(err: unknown): NonNullable<HostTestResult['error']> {
  if (err instanceof Error) {
    const e = err as Error & { expected?: unknown; actual?: unknown; showDiff?: boolean };
    const out: NonNullable<HostTestResult['error']> = { message: e.message, stack: e.stack };
    if (e.showDiff !== false && 'expected' in e && 'actual' in e) {
      out.expected = JSON.stringify(e.expected, null, 2);
      out.actual = JSON.stringify(e.actual, null, 2);
    }
    return out;
  }
  return { message: String(err), stack: undefined };
}

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug'] as const;

/**
 * Copies console output to a file while the tests run. In the extension host the console goes to
 * VS Code's log service (under code-server: the browser's console), mixed with the workbench's own
 * messages; the file gets only what the tests, Mocha and the extension print, formatted by Node,
 * in order. VS Code pins the methods of the console object (assigning console.log is ignored), so
 * the global `console` binding itself is replaced by a copy whose methods also write the file.
 */
function teeConsole(file: string): () => void {
  mkdirSync(dirname(file), { recursive: true });
  const original = globalThis.console;
  const write = (args: unknown[]) => {
    try {
      appendFileSync(file, format(...args) + '\n');
    } catch {
      // best effort: the console still gets the line
    }
  };
  const tee = Object.create(original) as Console;
  for (const m of CONSOLE_METHODS) {
    Object.defineProperty(tee, m, {
      value: (...args: unknown[]) => {
        write(args);
        original[m](...args);
      },
    });
  }
  const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'console');
  let replaced = false;
  if (descriptor?.configurable) {
    Object.defineProperty(globalThis, 'console', {
      value: tee,
      writable: true,
      configurable: true,
      enumerable: descriptor.enumerable ?? false,
    });
    replaced = true;
  }
  // Mocha's reporters keep the console.log they found when they loaded.
  const reporterLog = Mocha.reporters.Base.consoleLog;
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => tee.log(...args);
  return () => {
    if (replaced && descriptor) Object.defineProperty(globalThis, 'console', descriptor);
    Mocha.reporters.Base.consoleLog = reporterLog;
  };
}

export function run(): Promise<void> {
  const logFile = process.env.LDB_HOST_TEST_LOG;
  const restoreConsole = logFile ? teeConsole(logFile) : () => {};
  const timeout = Number(process.env.LDB_HOST_TEST_TIMEOUT_MS ?? '20000');
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout });
  const grep = process.env.LDB_HOST_TEST_GREP;
  if (grep) {
    mocha.grep(new RegExp(grep));
    if (process.env.LDB_HOST_TEST_GREP_INVERT === '1') mocha.invert();
  }

  // What `mocha file.js` does for each file: put describe/it/before... on the global object, then
  // run the file, whose top level registers its suites.
  try {
    loadHostTests((file) => mocha.suite.emit('pre-require', globalThis, file, mocha));
  } catch (err) {
    // A test file that throws at its top level: say which error, in the log the runner prints.
    console.error('host tests: loading the test files failed:', err);
    restoreConsole();
    return Promise.reject(err instanceof Error ? err : new Error(String(err)));
  }

  const started = Date.now();
  const tests: HostTestResult[] = [];
  return new Promise<void>((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const report: HostTestReport = {
        files: hostTestFiles,
        passed: tests.filter((t) => t.state === 'passed').length,
        failed: tests.filter((t) => t.state === 'failed').length,
        pending: tests.filter((t) => t.state === 'pending').length,
        durationMs: Date.now() - started,
        tests,
      };
      const reportFile = process.env.LDB_HOST_TEST_REPORT;
      if (reportFile) {
        mkdirSync(dirname(reportFile), { recursive: true });
        writeFileSync(reportFile, JSON.stringify(report, null, 2));
      }
      restoreConsole();
      if (failures > 0) reject(new Error(`${failures} host test(s) failed`));
      else if (report.passed === 0) reject(new Error('no host test ran'));
      else resolve();
    });
    runner.on('pass', (t) =>
      tests.push({ title: t.fullTitle(), file: t.file, state: 'passed', durationMs: t.duration }),
    );
    runner.on('pending', (t) =>
      tests.push({ title: t.fullTitle(), file: t.file, state: 'pending', durationMs: undefined }),
    );
    // 'fail' also fires for hooks (before/after): they count as failures too.
    runner.on('fail', (t, err) =>
      tests.push({
        title: t.fullTitle(),
        file: t.file,
        state: 'failed',
        durationMs: t.duration,
        error: describeError(err),
      }),
    );
  });
}
