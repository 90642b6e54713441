// Runs the extension-host suite (out/test/host/index.js, built by scripts/vscode/buildHostTests.mjs)
// in desktop VS Code, downloaded by @vscode/test-electron. For machines WITH internet (a developer's
// laptop, a hosted CI runner): it downloads VS Code from update.code.visualstudio.com into
// .vscode-test/, which fails on our offline machines and CI (getaddrinfo ENOTFOUND). There, use
// scripts/vscode/runHostTests.mjs, which runs the same suite on code-server from npm.
//
//   npm run build && node scripts/vscode/buildHostTests.mjs && npx tsx test/electron/runTest.ts
//   VSCODE_TEST_VERSION=1.95.0 npx tsx test/electron/runTest.ts     # the oldest VS Code we support
//   LDB_HOST_TEST_GREP=smoke npx tsx test/electron/runTest.ts       # a subset
//   (on Linux without a display: xvfb-run -a npx tsx test/electron/runTest.ts)
//
// test-electron always passes --disable-workspace-trust, so the tests that need an untrusted folder
// (@untrusted in their title) are left out here; they run on code-server with --untrusted.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runTests } from '@vscode/test-electron';

const REPO_ROOT = resolve(__dirname, '..', '..');

async function main(): Promise<number> {
  const extensionDevelopmentPath = REPO_ROOT;
  const extensionTestsPath = join(REPO_ROOT, 'out', 'test', 'host', 'index.js');
  // Tests may change the workspace's files: give them a copy.
  const scratch = mkdtempSync(join(tmpdir(), 'ldb-electron-'));
  const workspace = join(scratch, 'workspace');
  cpSync(join(REPO_ROOT, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
  try {
    return await runTests({
      version: process.env.VSCODE_TEST_VERSION ?? 'stable',
      extensionDevelopmentPath,
      extensionTestsPath,
      // The folder to open; no other installed extension (the one under development still loads).
      launchArgs: [workspace, '--disable-extensions', '--skip-welcome', '--skip-release-notes'],
      // The same options the code-server runner hands the suite (test/host/index.ts).
      extensionTestsEnv: {
        LDB_HOST_TEST_WORKSPACE: workspace,
        LDB_HOST_TEST_TRUST: 'trusted',
        LDB_HOST_TEST_EXTENSION_FROM: extensionDevelopmentPath,
        // The test language model (test/fixtures/lm-provider) is not loaded here: its proposed API
        // is VS Code 1.100's. Its tests run on code-server.
        LDB_HOST_TEST_LM: 'absent',
        // By default every test but those that need an untrusted folder (titles with @untrusted).
        LDB_HOST_TEST_GREP: process.env.LDB_HOST_TEST_GREP ?? '@untrusted',
        LDB_HOST_TEST_GREP_INVERT: process.env.LDB_HOST_TEST_GREP
          ? process.env.LDB_HOST_TEST_GREP_INVERT
          : '1',
        LDB_HOST_TEST_TIMEOUT_MS: process.env.LDB_HOST_TEST_TIMEOUT_MS,
      },
    });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    // runTests rejects when VS Code cannot be downloaded or exits non-zero (failed tests).
    console.error('test-electron: the host tests failed or VS Code could not start:', err);
    process.exit(1);
  },
);
