// The one test command (README, .ci/run): set-up, static checks, build, unit and corpus tests,
// packaging, then the extension inside a real VS Code (host tests, UI test). Set-up comes first and
// is idempotent: the npm packages when package-lock.json changed since the last install, then (not
// with --quick) the Debian packages and code-server that scripts/vscode/setup.sh installs. A set-up
// that cannot be done stops here with one line saying what to install. Every later stage runs even
// when an earlier one failed, so one CI run shows every problem; the last line sums the tests up
// in the form CI reads: "N passed, N failed".
//   node scripts/test.mjs                 everything
//   node scripts/test.mjs --quick         no VS Code stages (host, UI) and no Debian set-up
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const root = join(dirname(new URL(import.meta.url).pathname), '..');
const quick = process.argv.includes('--quick') || process.env.LDB_TEST_QUICK === '1';

const stages = [
  ['typecheck', 'npm run -s typecheck'],
  ['lint', 'npm run -s lint:eslint'],
  // Import cycles and the layering of ARCHITECTURE.md (.dependency-cruiser.mjs).
  ['layering', 'npm run -s lint:deps'],
  ['format', 'npm run -s format:check'],
  ['build', 'npm run -s build'],
  ['unit', 'npm run -s test:unit'],
  ['package', 'npm run -s package'],
  ...(quick
    ? []
    : [
        ['host', 'npm run -s test:host'],
        ['ui', 'npm run -s test:ui'],
      ]),
];

/**
 * Runs a shell command, echoing its output as it comes.
 * @param {string} command
 * @returns {Promise<{ code: number; output: string; errors: string; ms: number }>}
 */
function run(command) {
  return new Promise((resolve) => {
    const started = Date.now();
    let output = '';
    let errors = '';
    const child = spawn(command, { cwd: root, shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (/** @type {string} */ d) => {
      output += d;
      process.stdout.write(d);
    });
    child.stderr.on('data', (/** @type {string} */ d) => {
      errors += d;
      process.stderr.write(d);
    });
    child.on('close', (code) => resolve({ code: code ?? 1, output, errors, ms: Date.now() - started }));
  });
}

/** What node_modules was installed from: the lock file and the Node major version. */
function installStamp() {
  const lock = readFileSync(join(root, 'package-lock.json'));
  return `${createHash('sha256').update(lock).digest('hex')} node-${process.versions.node.split('.')[0]}`;
}

async function setUp() {
  const stampFile = join(root, 'node_modules', '.ldb-install-stamp');
  const stamp = installStamp();
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) {
    process.stdout.write('setup: npm packages               up to date\n');
  } else {
    process.stdout.write('setup: npm packages               npm ci\n');
    const { code } = await run('npm ci --no-audit --no-fund --loglevel=error');
    if (code !== 0) return 'npm ci failed: check that the npm registry is reachable, then run npm test again';
    writeFileSync(stampFile, stamp);
  }
  if (quick) return undefined;
  const { code, errors } = await run('bash scripts/vscode/setup.sh');
  if (code !== 0) {
    const said = /setup: error: (.*)/.exec(errors)?.[1];
    return `VS Code test set-up failed: ${said ?? 'see above'} (or run node scripts/test.mjs --quick to skip the VS Code stages)`;
  }
  return undefined;
}

process.stdout.write(`\n=== setup\n`);
const setupError = await setUp();
if (setupError !== undefined) {
  process.stderr.write(`\nnpm test: ${setupError}\n\n0 passed, 1 failed\n`);
  process.exit(1);
}

let passed = 0;
let failed = 0;
const table = [];
for (const [name, command] of stages) {
  process.stdout.write(`\n=== ${name}: ${command}\n`);
  const { code, output, ms } = await run(command);
  let counted = false;
  for (const m of output.matchAll(/^(\d+) passed, (\d+) failed/gm)) {
    passed += Number(m[1]);
    failed += Number(m[2]);
    counted = true;
  }
  // A stage without its own test count (typecheck, lint, ...) counts as one check.
  if (!counted) {
    if (code === 0) passed++;
    else failed++;
  } else if (code !== 0 && !/^\d+ passed, [1-9]/m.test(output)) failed++;
  table.push(`${code === 0 ? 'ok  ' : 'FAIL'} ${name.padEnd(10)} ${(ms / 1000).toFixed(1)} s`);
}
process.stdout.write(`\n${table.join('\n')}\n\n${passed} passed, ${failed} failed\n`);
process.exitCode = failed > 0 ? 1 : 0;
