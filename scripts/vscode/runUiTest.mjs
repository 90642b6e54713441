// The UI end-to-end harness: installs the packaged extension into code-server, opens the workbench
// on a throwaway copy of a workspace in headless Debian chromium, and runs a scenario module that
// drives it with Playwright. Screenshots go to test-results/screenshots/ (ignored by git).
//
//   node scripts/vscode/runUiTest.mjs --vsix ldb-0.1.0.vsix [--scenario test/e2e/debugWithTrace.ts]
//     --vsix FILE               the packaged extension to install (npm run package)
//     --extension-dev-path DIR  instead of --vsix: load the extension from a folder (development mode)
//     --scenario FILE           a module whose default export (or `run` export) is
//                               async ({ page, workspaceDir, screenshot, runCommand, openFile,
//                               waitForText, prepared, ... }) => void; .mjs/.js, or .ts through tsx.
//                               Without it the built-in workbench smoke scenario runs (see below).
//                               An optional `prepare` export, async ({ workspaceDir, log }) => value,
//                               runs before code-server starts (e.g. to start a server and write the
//                               folder's .vscode/settings.json, which the window then reads at once);
//                               its value reaches the scenario as `prepared`.
//     --workspace DIR           the folder to open, copied first (default test/fixtures/workspace)
//     --untrusted               Workspace Trust on and the folder not trusted (restricted mode)
//     --with-test-lm            also install test/fixtures/lm-provider, a scripted VS Code chat model
//                               (proposed API chatProvider), so that vscode.lm lists a model
//     --screenshots DIR         where screenshots go (default test-results/screenshots)
//     --timeout SECONDS         kill everything and fail after this long (default 300)
//     --verbose                 print the browser console and code-server's output
//     --keep                    keep the throwaway folders
//
// Exit code 0 when the scenario resolves, 1 when it throws (a screenshot `<scenario>-failure.png`
// is taken first), 124 on timeout. The last line is "N passed, N failed".
import { cpSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { basename, extname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { inspect } from 'node:util';
import { readJson } from '../readJson.mjs';
import { harnessArgs } from './harnessArgs.mjs';
import { REPO_ROOT, TEST_LM_PROVIDER, launchChromium, startCodeServer, throwawayDir } from './codeServer.mjs';
import {
  activeEditorText,
  notifications,
  openFile,
  runCommand,
  waitForText,
  waitForWorkbench,
} from './ui.mjs';

const USAGE = `usage: node scripts/vscode/runUiTest.mjs (--vsix FILE | --extension-dev-path DIR) [--scenario FILE]
       [--workspace DIR] [--untrusted] [--with-test-lm] [--screenshots DIR] [--timeout SECONDS] [--verbose] [--keep]`;

const { opts, fail, timeoutS } = harnessArgs({
  label: 'ui test',
  usage: USAGE,
  options: {
    vsix: { type: 'string' },
    'extension-dev-path': { type: 'string' },
    scenario: { type: 'string' },
    workspace: { type: 'string', default: join(REPO_ROOT, 'test', 'fixtures', 'workspace') },
    untrusted: { type: 'boolean', default: false },
    'with-test-lm': { type: 'boolean', default: false },
    screenshots: { type: 'string', default: join(REPO_ROOT, 'test-results', 'screenshots') },
  },
});
if (!opts.vsix && !opts['extension-dev-path'])
  fail(`give --vsix FILE (npm run package) or --extension-dev-path DIR\n${USAGE}`);
if (opts.vsix && opts['extension-dev-path']) fail('give --vsix or --extension-dev-path, not both');
const vsix = opts.vsix ? resolve(opts.vsix) : undefined;
if (vsix && !existsSync(vsix)) fail(`${vsix} is missing: run npm run package`);
const devPath = opts['extension-dev-path'] ? resolve(opts['extension-dev-path']) : undefined;
if (devPath && !existsSync(join(devPath, 'package.json'))) fail(`${devPath} has no package.json`);
const fixture = resolve(opts.workspace);
if (!existsSync(fixture) || !statSync(fixture).isDirectory()) fail(`${fixture} is not a folder`);
const shotsDir = resolve(opts.screenshots);
const scenarioFile = opts.scenario ? resolve(opts.scenario) : undefined;
if (scenarioFile && !existsSync(scenarioFile)) fail(`${scenarioFile} is missing`);
const scenarioName = scenarioFile ? basename(scenarioFile, extname(scenarioFile)) : 'workbench-smoke';

const log = (/** @type {string} */ line) => void process.stderr.write(`${line}\n`);
const ms = (/** @type {number} */ from, to = performance.now()) => Math.round(to - from);
/** @type {{ displayName: string }} */
const manifest = readJson(join(devPath ?? REPO_ROOT, 'package.json'));

/**
 * The built-in scenario: the workbench comes up with the extension installed, a command runs from
 * the palette, and the fixture file opens in an editor. Proves the harness, not the extension.
 * @param {import('./types.js').UiScenarioContext} context
 */
async function workbenchSmoke({ page, screenshot, runCommand: run, openFile: open, waitForText: waitText }) {
  // The extension is there: the Extensions view lists it by its display name.
  if (vsix) {
    await run('Extensions: Show Enabled Extensions');
    await waitText(page, '.extensions-viewlet .extension-list-item .name', manifest.displayName);
    await screenshot('workbench-extension-installed');
  }
  await run('View: Show Explorer');
  await waitText(page, '.explorer-folders-view .monaco-list-row', 'make_a_pile.py');
  await open('make_a_pile.py');
  await waitText(page, '.editor-group-container.active .monaco-editor .view-lines', 'def make_a_pile(n):');
  await screenshot('workbench-fixture-open');
}

/** @typedef {import('./types.js').UiScenario & { prepare?: import('./types.js').UiPrepare }} Scenario */

/**
 * The scenario module's function (its default export or `run`), with its `prepare` export if any.
 * @returns {Promise<Scenario>}
 */
async function loadScenario() {
  if (!scenarioFile) return workbenchSmoke;
  /** @type {unknown} */
  let loaded;
  if (/\.c?ts$/.test(scenarioFile)) {
    // TypeScript in this CommonJS package: compiled by tsx (a devDependency of the repo) as CJS.
    const { require: tsxRequire } = await import('tsx/cjs/api');
    /** @type {unknown} */
    const exports = tsxRequire(scenarioFile, import.meta.url);
    loaded = { default: exports };
  } else if (scenarioFile.endsWith('.mts')) {
    const { tsImport } = await import('tsx/esm/api');
    loaded = await tsImport(pathToFileURL(scenarioFile).href, import.meta.url);
  } else {
    loaded = await import(pathToFileURL(scenarioFile).href);
  }
  const mod = /** @type {Record<string, unknown> & { default?: Record<string, unknown> }} */ (loaded);
  // A CommonJS module (a .ts file in this CJS package, through tsx) arrives as { default: exports }.
  const candidates = [mod.default?.default, mod.default?.run, mod.default, mod.run];
  const fn = /** @type {Scenario | undefined} */ (candidates.find((c) => typeof c === 'function'));
  if (!fn) throw new Error(`${scenarioFile} exports no function (default export or run)`);
  const prepare = [mod.default?.prepare, mod.prepare].find((c) => typeof c === 'function');
  if (prepare) fn.prepare = /** @type {import('./types.js').UiPrepare} */ (prepare);
  return fn;
}

const t0 = performance.now();
const runDir = throwawayDir('ldb-uitest-');
const workspaceDir = join(runDir, 'workspace');
cpSync(fixture, workspaceDir, { recursive: true });
if (opts.keep) log(`ui test: throwaway folder ${runDir}`);

/** @type {import('./codeServer.mjs').CodeServer | undefined} */
let server;
/** @type {import('./codeServer.mjs').Chromium | undefined} */
let browser;
let timedOut = false;
/** @type {string[]} */
const browserConsole = [];
/** @type {string[]} */
const shots = [];
/** @type {{ workbench?: number; scenario?: number }} */
const phases = {};

const deadline = setTimeout(() => {
  timedOut = true;
  log(`ui test: TIMEOUT after ${timeoutS} s: stopping code-server and chromium`);
  void finish(124);
}, timeoutS * 1000);

/** @param {string} name */
async function screenshot(name) {
  if (!browser) throw new Error('screenshot: the browser is not running');
  mkdirSync(shotsDir, { recursive: true });
  const file = join(shotsDir, `${String(name).replace(/[^\w.-]+/g, '_')}.png`);
  await browser.page.screenshot({ path: file });
  shots.push(file);
  log(`ui test: screenshot ${relative(process.cwd(), file)}`);
  return file;
}

/** @type {Promise<never> | undefined} */
let finishing;
/**
 * @param {number} code
 * @param {unknown} [error]
 */
function finish(code, error) {
  finishing ??= (async () => {
    clearTimeout(deadline);
    const tStop = performance.now();
    if (code !== 0 && browser) {
      await screenshot(`${scenarioName}-failure`).catch(() => {});
    }
    if (code !== 0) {
      if (error)
        log(
          `ui test: ${scenarioName} failed: ${error instanceof Error ? (error.stack ?? error.message) : inspect(error)}`,
        );
      if (!opts.verbose) {
        log('--- browser console (last 40 messages) ---');
        log(browserConsole.slice(-40).join('\n'));
      }
      const page = browser?.page;
      if (page) log(`--- notifications: ${JSON.stringify(await notifications(page).catch(() => []))}`);
    }
    await browser?.close();
    await server?.stop();
    const parts = [
      `code-server start ${server?.startMs ?? '-'} ms`,
      `workbench ${phases.workbench ?? '-'} ms`,
      `scenario ${phases.scenario ?? '-'} ms`,
      `stop ${ms(tStop)} ms`,
    ];
    process.stdout.write(
      `ui test: ${scenarioName} ${code === 0 ? 'passed' : 'FAILED'}; cycle ${ms(t0)} ms (${parts.join(', ')})\n` +
        `${code === 0 ? 1 : 0} passed, ${code === 0 ? 0 : 1} failed\n`,
    );
    process.exit(code);
  })();
  return finishing;
}

try {
  const scenario = await loadScenario();
  const prepared = scenario.prepare ? await scenario.prepare({ workspaceDir, log }) : undefined;
  server = await startCodeServer({
    workspaceTrust: opts.untrusted,
    vsix,
    extensions: opts['with-test-lm'] ? [TEST_LM_PROVIDER] : [],
    log,
    echo: opts.verbose,
  });
  browser = await launchChromium();
  const { page } = browser;
  page.on('console', (m) => {
    const line = `[browser ${m.type()}] ${m.text().replace(/^%c\s*(\w+)\s+color: #\w+\s*/, '$1 ')}`;
    browserConsole.push(line);
    if (browserConsole.length > 500) browserConsole.shift();
    if (opts.verbose) log(line);
  });
  page.on('pageerror', (e) => browserConsole.push(`[browser pageerror] ${e.stack ?? e}`));

  const tWorkbench = performance.now();
  /** @type {[key: string, value: string][]} */
  const payload = devPath ? [['extensionDevelopmentPath', server.remoteUri(devPath)]] : [];
  await page.goto(server.workbenchUrl(workspaceDir, payload));
  await waitForWorkbench(page);
  phases.workbench = ms(tWorkbench);

  const tScenario = performance.now();
  await scenario({
    page,
    workspaceDir,
    screenshot,
    server,
    log,
    runCommand: (label, o) => runCommand(page, label, o),
    openFile: (relPath, o) => openFile(page, relPath, o),
    waitForText,
    activeEditorText: () => activeEditorText(page),
    notifications: () => notifications(page),
    prepared,
  });
  phases.scenario = ms(tScenario);
  if (timedOut) await new Promise(() => {}); // finish(124) is under way
  await finish(0);
} catch (err) {
  if (!timedOut) await finish(1, err);
}
