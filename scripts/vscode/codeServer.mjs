// A real VS Code for tests: code-server (test/vscode/node_modules, installed by setup.sh) on a free
// loopback port, with a throwaway HOME, TMPDIR, user-data-dir, extensions-dir and config, and
// Debian's chromium driven by playwright-core. See README.md, "Testing in a real VS Code".
//
// Everything started here is stopped and every throwaway folder removed when the process exits,
// also on SIGINT/SIGTERM/SIGHUP and on an uncaught error.
import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readJson } from '../readJson.mjs';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const HOST_DIR = join(REPO_ROOT, 'test', 'vscode');
export const CODE_SERVER_ENTRY = join(HOST_DIR, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const CHROMIUM = process.env.LDB_CHROMIUM ?? '/usr/bin/chromium';
/** Flags that keep Debian's chromium quiet on a machine without internet (TESTING.md). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

const SETUP_HINT = 'run `bash scripts/vscode/setup.sh` first';
/** Test-only extensions (plain folders) that runs may add with the `extensions` option. */
export const TEST_LM_PROVIDER = join(REPO_ROOT, 'test', 'fixtures', 'lm-provider');

// ---------------------------------------------------------------------------------------------
// Clean-up of everything this process started, whatever way it ends.
//
// Two layers. In this process: an 'exit' hook and SIGINT/SIGTERM/SIGHUP handlers kill the process
// groups and remove the folders. Outside it: a small detached reaper process that holds the same
// list, sent over its stdin; when this process dies in a way no hook sees (SIGKILL, a crash, a
// signal raced by another library's handler), its stdin closes and it does the same clean-up.

/** Process-group ids to kill and folders to remove at exit. */
/** @type {Set<number>} */
const groups = new Set();
/** @type {Set<string>} */
const folders = new Set();
let exitHooked = false;
/** @type {import('node:child_process').ChildProcessByStdio<import('node:stream').Writable, null, null> | undefined} */
let reaper;

const REAPER_SOURCE = `
const { rmSync } = require('node:fs');
const groups = new Set(), dirs = new Set();
let buf = '', done = false;
for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(s, () => {});
process.stdin.setEncoding('utf8');
process.stdin.on('data', (d) => {
  buf += d;
  let i;
  while ((i = buf.indexOf('\\n')) >= 0) {
    const line = buf.slice(0, i); buf = buf.slice(i + 1);
    const sp = line.indexOf(' '), op = line.slice(0, sp), arg = line.slice(sp + 1);
    if (op === 'group') groups.add(Number(arg)); else if (op === 'ungroup') groups.delete(Number(arg));
    else if (op === 'dir') dirs.add(arg); else if (op === 'undir') dirs.delete(arg);
  }
});
const cleanup = () => {
  if (done) return; done = true;
  for (const g of groups) { try { process.kill(-g, 'SIGKILL'); } catch {} }
  setTimeout(() => {
    for (const d of dirs) { try { rmSync(d, { recursive: true, force: true, maxRetries: 5 }); } catch {} }
    process.exit(0);
  }, groups.size > 0 ? 500 : 0);
};
process.stdin.on('end', cleanup);
process.stdin.on('error', cleanup);
`;

/** @param {string} line */
function tellReaper(line) {
  if (!reaper) {
    reaper = spawn(process.execPath, ['-e', REAPER_SOURCE], {
      detached: true, // its own process group: a Ctrl-C to ours does not reach it
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    reaper.on('error', () => {});
    reaper.stdin.on('error', () => {});
    reaper.unref();
    // The pipe is a net.Socket, which can be unref'd: the reaper must not keep this process alive.
    /** @type {Partial<import('node:net').Socket>} */ (reaper.stdin).unref?.();
  }
  reaper.stdin.write(`${line}\n`);
}

/**
 * @param {number} pid
 * @param {NodeJS.Signals} signal
 */
function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false; // already gone
  }
}

/**
 * Kills a whole process group now and at exit.
 * @param {number} pid
 */
export function registerGroup(pid) {
  hookExit();
  groups.add(pid);
  tellReaper(`group ${pid}`);
}

/** @param {number} pid */
export function unregisterGroup(pid) {
  groups.delete(pid);
  tellReaper(`ungroup ${pid}`);
}

/** @param {string} dir */
function removeDir(dir) {
  try {
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  } catch (err) {
    process.stderr.write(`could not remove ${dir}: ${err instanceof Error ? err.message : String(err)}\n`);
  }
}

let cleaning = false;
function cleanupNow() {
  if (cleaning) return;
  cleaning = true;
  // Processes first: chromium writes into its profile folder until it is dead.
  for (const pid of groups) killGroup(pid, 'SIGKILL');
  groups.clear();
  for (const dir of folders) removeDir(dir);
  folders.clear();
}

function hookExit() {
  if (exitHooked) return;
  exitHooked = true;
  process.on('exit', cleanupNow);
  for (const [signal, code] of /** @type {const} */ ([
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ])) {
    process.on(signal, () => {
      process.stderr.write(`\n${signal}: stopping code-server and chromium\n`);
      cleanupNow();
      process.exit(code);
    });
  }
}

/**
 * A folder removed at exit (unless LDB_KEEP_TMP=1, for post-mortems).
 * @param {string} prefix
 */
export function throwawayDir(prefix) {
  hookExit();
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (process.env.LDB_KEEP_TMP !== '1') {
    folders.add(dir);
    tellReaper(`dir ${dir}`);
  }
  return dir;
}

/**
 * Removes a throwaway folder now.
 * @param {string} dir
 */
export function removeThrowawayDir(dir) {
  removeDir(dir);
  folders.delete(dir);
  tellReaper(`undir ${dir}`);
}

/**
 * The process-group id of the chromium that Playwright started with this profile folder (Playwright
 * starts it as a group leader but does not tell its pid for a persistent context).
 * @param {string} profileDir
 * @returns {number | undefined}
 */
function findChromiumGroup(profileDir) {
  const flag = `--user-data-dir=${profileDir}`;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (!args.includes(flag) || args.some((a) => a.startsWith('--type='))) continue;
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return Number(fields[2]); // pgrp
    } catch {
      // the process went away while we looked
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------

export function assertInstalled() {
  if (!existsSync(CODE_SERVER_ENTRY)) throw new Error(`code-server is not installed: ${SETUP_HINT}`);
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: ${SETUP_HINT}`);
}

/**
 * playwright-core, loaded from test/vscode/node_modules (it is not a dependency of the extension),
 * typed by what the harness uses of it (types.d.ts).
 * @returns {import('./types.js').Playwright}
 */
export function loadPlaywright() {
  const require = createRequire(join(HOST_DIR, 'package.json'));
  try {
    /** @type {unknown} */
    const playwright = require('playwright-core');
    return /** @type {import('./types.js').Playwright} */ (playwright);
  } catch {
    throw new Error(`playwright-core is not installed in test/vscode: ${SETUP_HINT}`);
  }
}

/** @returns {Promise<number>} */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * The environment code-server and its extension host get: throwaway HOME and TMPDIR, no VS Code
 * variables from a terminal this was started in, and VSCODE_CLI=1. The last one stops the server
 * from "resolving the shell environment" for the extension host (running `$SHELL -il` in the
 * throwaway HOME, which resets PATH to /etc/profile's and loses pyenv, cargo...): the extension
 * host then has this process's PATH, so it runs the same python3 as the unit tests and the CLI.
 * @param {Dirs} dirs
 * @param {Record<string, string>} extra
 * @returns {NodeJS.ProcessEnv}
 */
function serverEnv(dirs, extra) {
  /** @type {NodeJS.ProcessEnv} */
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('VSCODE_') || k.startsWith('ELECTRON_') || k === 'PORT' || k === 'PASSWORD') continue;
    env[k] = v;
  }
  return {
    ...env,
    HOME: dirs.home,
    TMPDIR: dirs.tmp,
    XDG_CONFIG_HOME: join(dirs.home, '.config'),
    XDG_DATA_HOME: join(dirs.home, '.local', 'share'),
    XDG_CACHE_HOME: join(dirs.home, '.cache'),
    VSCODE_CLI: '1',
    ...extra,
  };
}

/**
 * The throwaway folders of one code-server.
 * @typedef {{ base: string; home: string; tmp: string; userData: string; extensions: string; config: string }} Dirs
 */

/** @param {Dirs} dirs */
function commonFlags(dirs) {
  return ['--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions, '--config', dirs.config];
}

/**
 * Installs a .vsix (or an extension id already in a local folder) with code-server's own CLI.
 * Throws with code-server's output when it fails.
 * @param {Dirs} dirs
 * @param {NodeJS.ProcessEnv} env
 * @param {string} vsix
 */
function installExtension(dirs, env, vsix) {
  const r = spawnSync(
    process.execPath,
    [CODE_SERVER_ENTRY, ...commonFlags(dirs), '--force', '--install-extension', resolve(vsix)],
    { env, encoding: 'utf8', timeout: 60_000 },
  );
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  if (r.status !== 0 || !/successfully installed/i.test(out)) {
    throw new Error(`code-server --install-extension ${vsix} failed (exit ${r.status}):\n${out}`);
  }
  return out.trim();
}

/**
 * Packages an extension folder (plain JS, no build) into a .vsix in `outDir` with the repo's vsce,
 * so that code-server can install it: it installs .vsix files and ids, not folders.
 * @param {string} folder
 * @param {string} outDir
 */
function packageFolder(folder, outDir) {
  /** @type {{ publisher: string; name: string; version: string; enabledApiProposals?: string[] }} */
  const manifest = readJson(join(folder, 'package.json'));
  const out = join(outDir, `${manifest.publisher}.${manifest.name}-${manifest.version}.vsix`);
  const vsce = join(REPO_ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
  const r = spawnSync(
    process.execPath,
    [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '-o', out],
    { cwd: folder, encoding: 'utf8', timeout: 60_000 },
  );
  if (r.status !== 0)
    throw new Error(`vsce package in ${folder} failed (exit ${r.status}):\n${r.stdout}${r.stderr}`);
  return {
    id: `${manifest.publisher}.${manifest.name}`,
    vsix: out,
    proposals: manifest.enabledApiProposals ?? [],
  };
}

/**
 * @param {string} url
 * @param {import('node:child_process').ChildProcess} child
 * @param {string[]} output
 * @param {number} timeoutMs
 */
async function waitHealthy(url, child, output, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  /** @type {{ code: number | null; signal: NodeJS.Signals | null } | undefined} */
  let exited;
  child.once('exit', (code, signal) => (exited = { code, signal }));
  while (Date.now() < deadline) {
    // The 'exit' handler sets it while this loop waits: TypeScript cannot see that.
    const gone = /** @type {typeof exited} */ (exited);
    if (gone) {
      throw new Error(
        `code-server exited during start-up (code ${gone.code}, signal ${gone.signal}):\n${output.join('')}`,
      );
    }
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`code-server did not answer ${url}/healthz within ${timeoutMs} ms:\n${output.join('')}`);
}

/**
 * Starts code-server.
 *
 * @param {object} [options]
 * @param {boolean} [options.workspaceTrust=false] false passes --disable-workspace-trust (every
 *   folder trusted). true keeps Workspace Trust on, and the folder opened is NOT trusted (restricted
 *   mode), with the start-up prompt turned off so no modal dialog blocks the workbench.
 * @param {string} [options.vsix] a .vsix to install before start.
 * @param {string[]} [options.extensions] extension folders (plain JS, e.g. TEST_LM_PROVIDER) to
 *   package and install before start; those that declare `enabledApiProposals` get them through
 *   `--enable-proposed-api <publisher.name>`.
 * @param {Record<string, unknown>} [options.settings] user settings, merged over the defaults.
 * @param {Record<string, string>} [options.env] extra environment for the server and so for the
 *   extension host it starts (a way to hand options to host tests).
 * @param {(line: string) => void} [options.log] progress lines (default: stderr).
 * @param {boolean} [options.echo=false] copy code-server's own output to stderr.
 * @param {number} [options.startTimeoutMs=30000]
 */
export async function startCodeServer(options = {}) {
  assertInstalled();
  const {
    workspaceTrust = false,
    vsix,
    extensions = [],
    settings = {},
    env: extraEnv = {},
    log = (line) => process.stderr.write(`${line}\n`),
    echo = false,
    startTimeoutMs = 30_000,
  } = options;
  const t0 = performance.now();
  const base = throwawayDir('ldb-vscode-');
  const dirs = {
    base,
    home: join(base, 'home'),
    tmp: join(base, 'tmp'),
    userData: join(base, 'user-data'),
    extensions: join(base, 'extensions'),
    config: join(base, 'config.yaml'),
  };
  for (const d of [dirs.home, dirs.tmp, join(dirs.userData, 'User'), dirs.extensions]) {
    mkdirSync(d, { recursive: true });
  }
  writeFileSync(dirs.config, 'auth: none\ncert: false\n');
  const userSettings = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'git.enabled': false,
    ...(workspaceTrust
      ? {
          'security.workspace.trust.enabled': true,
          'security.workspace.trust.startupPrompt': 'never',
          'security.workspace.trust.emptyWindow': false,
        }
      : {}),
    ...settings,
  };
  writeFileSync(join(dirs.userData, 'User', 'settings.json'), JSON.stringify(userSettings, null, 2));

  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = serverEnv(dirs, extraEnv);

  let installOutput = '';
  if (vsix) {
    const ti = performance.now();
    installOutput = installExtension(dirs, env, vsix);
    log(`code-server: installed ${vsix} in ${Math.round(performance.now() - ti)} ms`);
  }

  /** @type {string[]} */
  const proposedApi = [];
  for (const folder of extensions) {
    const ti = performance.now();
    const packed = packageFolder(folder, dirs.tmp);
    installOutput += installExtension(dirs, env, packed.vsix);
    if (packed.proposals.length > 0) proposedApi.push(packed.id);
    log(`code-server: installed ${packed.id} (${folder}) in ${Math.round(performance.now() - ti)} ms`);
  }

  const args = [
    CODE_SERVER_ENTRY,
    ...commonFlags(dirs),
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--ignore-last-opened',
  ];
  if (!workspaceTrust) args.push('--disable-workspace-trust');
  // code-server 4.100.3's workbench enables proposed APIs for every extension anyway (its
  // ExtensionsProposedApi sets "enabled for all" to true; checked: the test model registers without
  // this flag too), so this is for the record and for a code-server that stops doing so.
  for (const id of proposedApi) args.push('--enable-proposed-api', id);
  // detached: its own process group, so that stop() also reaches the watcher and extension-host
  // processes it forks, which outlive it otherwise.
  const child = spawn(process.execPath, args, {
    env,
    cwd: dirs.home,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // No pid: node itself could not be started (the error event says why, too late to wait for).
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${process.execPath} for code-server`);
  registerGroup(pid);
  /** @type {string[]} */
  const output = [];
  /** @param {Buffer} chunk */
  const keep = (chunk) => {
    output.push(chunk.toString());
    if (output.length > 400) output.splice(0, output.length - 400);
    if (echo) process.stderr.write(chunk);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);

  try {
    await waitHealthy(url, child, output, startTimeoutMs);
  } catch (err) {
    killGroup(pid, 'SIGKILL');
    unregisterGroup(pid);
    throw err;
  }
  const startMs = Math.round(performance.now() - t0);
  log(`code-server: ready on ${url} in ${startMs} ms (workspace trust ${workspaceTrust ? 'on' : 'off'})`);

  let stopped = false;
  return {
    url,
    port,
    dirs,
    pid,
    startMs,
    installOutput,
    /** code-server's own stdout and stderr so far (the last 400 chunks). */
    output: () => output.join(''),
    /** `vscode-remote://` URI of a path on this machine, as the workbench URL payload wants it. */
    /** @param {string} path */
    remoteUri: (path) => `vscode-remote://127.0.0.1:${port}${resolve(path)}`,
    /**
     * The workbench URL for a folder. `payload` is a list of [key, value] pairs such as
     * ['extensionDevelopmentPath', remoteUri(dir)]; code-server rejects those as CLI flags but
     * takes them here.
     * @param {string | undefined} folder
     * @param {[key: string, value: string][]} [payload]
     */
    workbenchUrl(folder, payload) {
      const q = new URLSearchParams();
      if (folder) q.set('folder', resolve(folder));
      if (payload && payload.length > 0) q.set('payload', JSON.stringify(payload));
      return `${url}/?${q.toString()}`;
    },
    /** The log files of this run (server, extension host, window), newest first. */
    logFiles() {
      /** @type {string[]} */
      const found = [];
      /** @param {string} d */
      const walk = (d) => {
        if (!existsSync(d)) return;
        for (const e of readdirSync(d, { withFileTypes: true })) {
          const p = join(d, e.name);
          if (e.isDirectory()) walk(p);
          else if (e.name.endsWith('.log')) found.push(p);
        }
      };
      walk(join(dirs.userData, 'logs'));
      return found;
    },
    /** Stops code-server and everything it forked: SIGTERM to the group, SIGKILL after 300 ms (all its
     * state is throwaway, a graceful shutdown buys nothing and costs a second). */
    async stop() {
      if (stopped) return;
      stopped = true;
      if (child.exitCode === null && child.signalCode === null) {
        const gone = new Promise((r) => child.once('exit', r));
        killGroup(pid, 'SIGTERM');
        const timer = setTimeout(() => killGroup(pid, 'SIGKILL'), 300);
        await gone;
        clearTimeout(timer);
      }
      // Children of the group may still be shutting down after the parent went.
      killGroup(pid, 'SIGKILL');
      unregisterGroup(pid);
      if (process.env.LDB_KEEP_TMP !== '1') removeThrowawayDir(dirs.base);
    },
  };
}

/** @typedef {Awaited<ReturnType<typeof startCodeServer>>} CodeServer */
/** @typedef {Awaited<ReturnType<typeof launchChromium>>} Chromium */

/**
 * Starts Debian's chromium headless with a fresh profile (never `playwright install`).
 * @returns {Promise<{ context: import('./types.js').BrowserContext, page: import('./types.js').HarnessPage, close: () => Promise<void> }>}
 */
export async function launchChromium({ headless = true, viewport = { width: 1400, height: 900 } } = {}) {
  const { chromium } = loadPlaywright();
  const base = throwawayDir('ldb-chromium-');
  const profile = join(base, 'profile');
  // Its own HOME too: chromium's crash handler and dconf write under $HOME otherwise.
  const home = join(base, 'home');
  mkdirSync(home, { recursive: true });
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless,
    args: CHROMIUM_ARGS,
    env: {
      ...process.env,
      HOME: home,
      XDG_CONFIG_HOME: join(home, '.config'),
      XDG_CACHE_HOME: join(home, '.cache'),
    },
    viewport,
    // We clean up ourselves on signals (and Playwright kills the browser at exit anyway).
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  const group = findChromiumGroup(profile);
  if (group) registerGroup(group);
  const page = context.pages()[0] ?? (await context.newPage());
  let closed = false;
  return {
    context,
    page,
    async close() {
      if (closed) return;
      closed = true;
      await context.close().catch(() => {});
      if (group) {
        killGroup(group, 'SIGKILL'); // its helpers, should any outlive the browser
        unregisterGroup(group);
      }
      if (process.env.LDB_KEEP_TMP !== '1') removeThrowawayDir(base);
    },
  };
}
