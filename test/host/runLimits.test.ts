// ldb.run.maxFileMb and ldb.run.maxProcesses, set in the user's settings, reach the run: the
// program reads its own hard limits (RLIMIT_FSIZE, RLIMIT_NPROC) and Trace Only shows them as its
// assertion's actual value; unset, the run has the core's defaults.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { DEFAULT_SETTINGS } from '../../src/core/settings';
import { openAt, reset, state } from './support';

const FILE = 'run_limits.py';
const MIB = 1024 * 1024;

/** Sets `ldb.*` settings in the user's settings (undefined removes one): the run limits are read only there. */
async function configureUser(values: Record<string, unknown>): Promise<void> {
  const config = vscode.workspace.getConfiguration('ldb');
  for (const [key, value] of Object.entries(values))
    await config.update(key, value, vscode.ConfigurationTarget.Global);
}

/** What run_limits() returned in a traced run: [file MiB, processes]. */
async function tracedLimits(): Promise<[number, number]> {
  await openAt(FILE, 9);
  const result = await vscode.commands.executeCommand<{ status: string }>('ldb.traceOnly');
  assert.equal(result?.status, 'failed');
  const actual = (await state()).lastTrace?.outcome.actual ?? '';
  const match = /^\((\d+), (\d+)\)$/.exec(actual);
  assert.ok(match, `actual: ${actual}`);
  return [Number(match[1]), Number(match[2])];
}

/** As root RLIMIT_NPROC is the setting itself; a user's also counts what they run already (run/rlimits.ts). */
function assertProcesses(seen: number, setting: number): void {
  if (process.getuid?.() === 0) assert.equal(seen, setting);
  else assert.ok(seen > setting, `${seen} processes for a setting of ${setting}`);
}

describe('run limit settings', function () {
  this.timeout(30_000);
  beforeEach(reset);
  afterEach(async () => {
    await reset();
    await configureUser({ 'run.maxFileMb': undefined, 'run.maxProcesses': undefined });
  });

  it('ldb.run.maxFileMb and ldb.run.maxProcesses become the run’s hard limits', async () => {
    const [defaultMib, defaultProcesses] = await tracedLimits();
    assert.equal(defaultMib, DEFAULT_SETTINGS.maxFileBytes / MIB);
    assertProcesses(defaultProcesses, DEFAULT_SETTINGS.maxProcesses);
    await configureUser({ 'run.maxFileMb': 3, 'run.maxProcesses': 40 });
    const [mib, processes] = await tracedLimits();
    assert.equal(mib, 3);
    assertProcesses(processes, 40);
  });
});
