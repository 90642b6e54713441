// Runs the extension-host tests (Mocha inside a real VS Code extension host) on code-server with
// headless Debian chromium as the window, offline. Builds nothing: run `npm run build` and
// `node scripts/vscode/buildHostTests.mjs` first (and `npm run package` for --vsix).
//
//   node scripts/vscode/runHostTests.mjs [options]
//     --extension-dev-path DIR  the extension under test, loaded as in F5 development (default: the
//                               repo root, whose package.json points at dist/extension.js)
//     --vsix FILE               install this packaged extension instead and test that
//     --tests FILE              the tests entry, exporting run() (default out/test/host/index.js)
//     --workspace DIR           folder to open, copied to a throwaway folder first so that tests may
//                               change its files (default test/fixtures/workspace)
//     --untrusted               keep Workspace Trust on and the folder untrusted (restricted mode);
//                               default: --disable-workspace-trust, everything trusted
//     --without-test-lm         do not install test/fixtures/lm-provider (a scripted VS Code chat
//                               model, proposed API chatProvider, for the vscode-lm tests); default:
//                               installed, with --enable-proposed-api for it
//     --grep REGEXP             only the tests whose full title matches
//     --invert                  with --grep: only the tests whose full title does NOT match
//     --timeout SECONDS         kill everything and fail after this long (default 300: a loaded machine runs the host suite in 70-120 s)
//     --verbose                 also print the browser console and code-server's own output
//     --keep                    keep the throwaway folders (their paths are printed)
//
// Exit code: the one VS Code hands to window.codeAutomationExit (0 = all passed), 1 when the run
// failed in another way, 124 on timeout. The test output (Mocha's spec reporter, and whatever the
// tests print) is streamed to stdout; it ends with a line "N passed, N failed".
import { cpSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readJson } from '../readJson.mjs';
import { harnessArgs } from './harnessArgs.mjs';
import { REPO_ROOT, TEST_LM_PROVIDER, launchChromium, startCodeServer, throwawayDir } from './codeServer.mjs';

const USAGE = `usage: node scripts/vscode/runHostTests.mjs [--extension-dev-path DIR | --vsix FILE] [--tests FILE]
       [--workspace DIR] [--untrusted] [--without-test-lm] [--grep REGEXP [--invert]] [--timeout SECONDS] [--verbose] [--keep]`;

const { opts, fail, timeoutS } = harnessArgs({
  label: 'host tests',
  usage: USAGE,
  options: {
    'extension-dev-path': { type: 'string' },
    vsix: { type: 'string' },
    tests: { type: 'string', default: join(REPO_ROOT, 'out', 'test', 'host', 'index.js') },
    workspace: { type: 'string', default: join(REPO_ROOT, 'test', 'fixtures', 'workspace') },
    untrusted: { type: 'boolean', default: false },
    'without-test-lm': { type: 'boolean', default: false },
    grep: { type: 'string' },
    invert: { type: 'boolean', default: false },
  },
});
const testsEntry = resolve(opts.tests);
if (!existsSync(testsEntry)) {
  fail(`${relative(process.cwd(), testsEntry)} is missing: run node scripts/vscode/buildHostTests.mjs`);
}
if (opts.vsix && opts['extension-dev-path']) fail('give --vsix or --extension-dev-path, not both');
if (opts.invert && !opts.grep) fail('--invert needs --grep');
const vsix = opts.vsix ? resolve(opts.vsix) : undefined;
if (vsix && !existsSync(vsix)) fail(`${vsix} is missing: run npm run package`);
const devPath = vsix ? undefined : resolve(opts['extension-dev-path'] ?? REPO_ROOT);
if (devPath) {
  if (!existsSync(join(devPath, 'package.json')))
    fail(`${devPath} has no package.json: not an extension folder`);
  /** @type {{ main?: string }} */
  const manifest = readJson(join(devPath, 'package.json'));
  const main = manifest.main ? join(devPath, manifest.main) : undefined;
  if (main && !existsSync(main) && !existsSync(`${main}.js`)) fail(`${main} is missing: run npm run build`);
}
const fixture = resolve(opts.workspace);
if (!existsSync(fixture) || !statSync(fixture).isDirectory()) fail(`${fixture} is not a folder`);

const log = (/** @type {string} */ line) => process.stderr.write(`${line}\n`);
const t0 = performance.now();
const ms = (/** @type {number} */ from, to = performance.now()) => Math.round(to - from);

// Throwaway copies: the workspace (tests may edit its files) and a place for the test log and report.
const runDir = throwawayDir('ldb-hosttest-');
const workspace = join(runDir, 'workspace');
cpSync(fixture, workspace, { recursive: true });
const testLog = join(runDir, 'test-output.log');
const reportFile = join(runDir, 'report.json');
if (opts.keep) log(`host tests: throwaway folder ${runDir}`);

/** @type {import('./codeServer.mjs').CodeServer | undefined} */
let server;
/** @type {import('./codeServer.mjs').Chromium | undefined} */
let browser;
/** @type {string[]} */
const browserConsole = [];
/** @type {number} */
let exitCode;
let timedOut = false;
let stopTail = () => {};
/** @type {{ tests?: number }} */
const phases = {};

/**
 * What test/host/index.ts writes to LDB_HOST_TEST_REPORT (its HostTestReport), as far as it is read here.
 * @typedef {{
 *   passed: number;
 *   failed: number;
 *   pending: number;
 *   tests: { title: string; file: string | undefined; state: string; error?: { message: string } }[];
 * }} HostTestReport
 */

/**
 * Maps stack frames of bundles in the repo (out/test/host/index.js, dist/extension.js) to their
 * TypeScript sources through the .map files beside them. Node would do it, but the extension host
 * replaces Error.prepareStackTrace, which turns Node's source-map support off.
 */
function stackMapper() {
  /** @type {Map<string, SourceMap | null>} */
  const maps = new Map();
  /** @param {string} file */
  const mapOf = (file) => {
    if (!maps.has(file)) {
      let map = null;
      try {
        map = new SourceMap(readJson(`${file}.map`));
      } catch {
        // no map: leave the frame as it is
      }
      maps.set(file, map);
    }
    return maps.get(file);
  };
  return (/** @type {string} */ text) =>
    text.replace(
      /(\/[^\s():]+\.c?js):(\d+):(\d+)/g,
      (
        /** @type {string} */ frame,
        /** @type {string} */ file,
        /** @type {string} */ line,
        /** @type {string} */ col,
      ) => {
        if (!file.startsWith(REPO_ROOT + '/')) return frame;
        const entry = mapOf(file)?.findEntry(Number(line) - 1, Number(col) - 1);
        if (!entry || !('originalSource' in entry) || !entry.originalSource) return frame;
        const src = entry.originalSource.startsWith('file:')
          ? fileURLToPath(entry.originalSource)
          : isAbsolute(entry.originalSource)
            ? entry.originalSource
            : resolve(dirname(file), entry.originalSource);
        return `${relative(REPO_ROOT, src)}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
      },
    );
}

/**
 * Streams, line by line, the test log the extension host appends to (test/host/index.ts tees the
 * console there). Returns the function that stops it (after the last lines).
 * @param {string} file
 * @param {(text: string) => void} write
 */
function tailFile(file, write) {
  let offset = 0;
  let partial = '';
  const poll = (/** @type {boolean} */ final) => {
    if (existsSync(file)) {
      const buf = readFileSync(file);
      if (buf.length > offset) {
        partial += buf.subarray(offset).toString('utf8');
        offset = buf.length;
      }
    }
    const cut = final ? partial.length : partial.lastIndexOf('\n') + 1;
    if (cut > 0) {
      write(partial.slice(0, cut));
      partial = partial.slice(cut);
    }
  };
  const timer = setInterval(() => poll(false), 100);
  return () => {
    clearInterval(timer);
    poll(true);
  };
}

function emptyDevPath() {
  const dir = join(runDir, 'no-extension');
  mkdirSync(dir, { recursive: true });
  return dir;
}

const deadline = setTimeout(() => {
  timedOut = true;
  log(`host tests: TIMEOUT after ${timeoutS} s: stopping code-server and chromium`);
  void finish(124);
}, timeoutS * 1000);

/** @type {Promise<never> | undefined} */
let finishing;
/** @param {number} code */
function finish(code) {
  finishing ??= (async () => {
    clearTimeout(deadline);
    stopTail();
    const tStop = performance.now();
    if (code !== 0 && browser) {
      const shot = join(REPO_ROOT, 'test-results', 'screenshots', `host-tests-failure-${Date.now()}.png`);
      try {
        mkdirSync(join(REPO_ROOT, 'test-results', 'screenshots'), { recursive: true });
        await browser.page.screenshot({ path: shot, timeout: 5000 });
        log(`host tests: screenshot of the window: ${relative(process.cwd(), shot)}`);
      } catch {
        // the page may be gone
      }
    }
    // A failed assertion is already in the test output; anything else needs the logs.
    if ((code !== 0 && !hasReport()) || timedOut) dumpDiagnostics();
    await browser?.close();
    await server?.stop();
    const stopMs = ms(tStop);
    printSummary(code, stopMs);
    process.exit(code);
  })();
  return finishing;
}

function hasReport() {
  return existsSync(reportFile);
}

function dumpDiagnostics() {
  const tail = (/** @type {string} */ text, /** @type {number} */ n) => text.split('\n').slice(-n).join('\n');
  if (!opts.verbose && browserConsole.length > 0) {
    log('--- browser console (last 60 messages) ---');
    log(browserConsole.slice(-60).join('\n'));
  }
  for (const f of server?.logFiles() ?? []) {
    if (!/(remoteexthost|remoteagent)\.log$/.test(f)) continue;
    log(`--- ${relative(server?.dirs.userData ?? '', f)} (last 40 lines) ---`);
    log(tail(readFileSync(f, 'utf8').trimEnd(), 40));
  }
  if (server && !opts.verbose) {
    log('--- code-server output (last 30 lines) ---');
    log(tail(server.output().trimEnd(), 30));
  }
}

/**
 * @param {number} code
 * @param {number} stopMs
 */
function printSummary(code, stopMs) {
  /** @type {HostTestReport | undefined} */
  let report;
  try {
    report = readJson(reportFile);
  } catch {
    report = undefined;
  }
  /** @type {string[]} */
  const out = [];
  if (report) {
    if (report.passed + report.failed === 0)
      out.push('host tests: no test ran (a --grep that matches nothing?)');
    for (const t of report.tests.filter((x) => x.state === 'failed')) {
      out.push(`FAILED: ${t.title} (${t.file ?? '?'}): ${(t.error?.message ?? '').split('\n')[0]}`);
    }
  } else if (!timedOut) {
    out.push('host tests: the extension host wrote no report (it did not run the tests entry?)');
  }
  const parts = [
    `code-server start ${server?.startMs ?? '-'} ms`,
    `window + tests ${phases.tests ?? '-'} ms`,
    `stop ${stopMs} ms`,
  ];
  out.push(`host tests: cycle ${ms(t0)} ms (${parts.join(', ')}), exit code ${code}`);
  if (report) {
    const skipped = report.pending > 0 ? `, ${report.pending} skipped` : '';
    out.push(`${report.passed} passed, ${report.failed} failed${skipped}`);
  } else {
    out.push('0 passed, 1 failed');
  }
  process.stdout.write(out.join('\n') + '\n');
}

try {
  server = await startCodeServer({
    workspaceTrust: opts.untrusted,
    vsix,
    extensions: opts['without-test-lm'] ? [] : [TEST_LM_PROVIDER],
    log,
    echo: opts.verbose,
    env: {
      LDB_HOST_TEST_LOG: testLog,
      LDB_HOST_TEST_REPORT: reportFile,
      LDB_HOST_TEST_WORKSPACE: workspace,
      LDB_HOST_TEST_TRUST: opts.untrusted ? 'untrusted' : 'trusted',
      LDB_HOST_TEST_LM: opts['without-test-lm'] ? 'absent' : 'installed',
      // Where the extension under test must come from: the development folder, or (--vsix) the
      // extensions folder code-server installed it into.
      LDB_HOST_TEST_EXTENSION_FROM: devPath ?? 'installed',
      ...(opts.grep ? { LDB_HOST_TEST_GREP: opts.grep } : {}),
      ...(opts.grep && opts.invert ? { LDB_HOST_TEST_GREP_INVERT: '1' } : {}),
    },
  });
  const mapStack = stackMapper();
  stopTail = tailFile(testLog, (text) => void process.stdout.write(mapStack(text)));

  const tWindow = performance.now();
  browser = await launchChromium();
  const { page } = browser;
  page.on('console', (m) => {
    const line = `[browser ${m.type()}] ${m.text().replace(/^%c\s*(\w+)\s+color: #\w+\s*/, '$1 ')}`;
    browserConsole.push(line);
    if (browserConsole.length > 500) browserConsole.shift();
    if (opts.verbose) log(line);
  });
  page.on('pageerror', (e) => browserConsole.push(`[browser pageerror] ${e.stack ?? e}`));
  page.on('crash', () => {
    log('host tests: the browser page crashed');
    void finish(1);
  });
  // VS Code's test runner calls window.codeAutomationExit(code) when run() settles.
  /** @type {Promise<number>} */
  const exited = new Promise((r) => void page.exposeFunction('codeAutomationExit', (c) => r(Number(c))));

  // With --vsix, the installed extension is the one under test. VS Code runs extensionTestsPath
  // only in extension-development mode (without a development path it never calls
  // codeAutomationExit), so it gets an empty folder as the development path.
  /** @type {[key: string, value: string][]} */
  const payload = [['extensionDevelopmentPath', server.remoteUri(devPath ?? emptyDevPath())]];
  payload.push(['extensionTestsPath', server.remoteUri(testsEntry)]);
  const url = server.workbenchUrl(workspace, payload);
  if (opts.verbose) log(`host tests: ${url}`);
  await page.goto(url);
  exitCode = await exited;
  phases.tests = ms(tWindow);
} catch (err) {
  log(`host tests: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  exitCode = 1;
}
await finish(exitCode);
