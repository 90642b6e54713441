// The one test command (README, .ci/run): static checks, build, unit and corpus tests, packaging,
// then the extension inside a real VS Code (host tests, UI test). Every stage runs even when an
// earlier one failed, so one CI run shows every problem; the last line sums the tests up in the
// form CI reads: "N passed, N failed".
//   node scripts/test.mjs                 everything
//   node scripts/test.mjs --quick         no VS Code stages (host, UI)
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';

const root = join(dirname(new URL(import.meta.url).pathname), '..');
const quick = process.argv.includes('--quick') || process.env.LDB_TEST_QUICK === '1';

const stages = [
  ['typecheck', 'npm run -s typecheck'],
  ['lint', 'npm run -s lint'],
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

function run(command) {
  return new Promise((resolve) => {
    const started = Date.now();
    let output = '';
    const child = spawn(command, { cwd: root, shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (d) => {
      output += d;
      process.stdout.write(d);
    });
    child.stderr.on('data', (d) => process.stderr.write(d));
    child.on('close', (code) => resolve({ code: code ?? 1, output, ms: Date.now() - started }));
  });
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
  if (!counted) code === 0 ? passed++ : failed++;
  else if (code !== 0 && !/^\d+ passed, [1-9]/m.test(output)) failed++;
  table.push(`${code === 0 ? 'ok  ' : 'FAIL'} ${name.padEnd(10)} ${(ms / 1000).toFixed(1)} s`);
}
process.stdout.write(`\n${table.join('\n')}\n\n${passed} passed, ${failed} failed\n`);
process.exitCode = failed > 0 ? 1 : 0;
