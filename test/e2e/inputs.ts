// UI scenario (scripts/vscode/runUiTest.mjs): the input boxes and the quick pick that the host tests
// cannot drive, typed into by Playwright in a real workbench (code-server in headless chromium):
//   (a) "LDB: Set API Key": the key typed in the password box is kept in SecretStorage (asking again
//       offers to remove the stored key) and sent by Debug with Trace to the scripted server as
//       `Authorization: Bearer <key>`;
//   (b) a typed test: Trace Only on a function that nothing tests asks for one; a test that does
//       not call the function is refused as it is typed; `assert shout("hi") == "HI!"` is taken, the
//       trace's values appear in the editor, and the test is remembered (a second run asks nothing);
//   (c) "LDB: Select Model": the quick pick lists the VS Code model of test/fixtures/lm-provider
//       (with --with-test-lm) and the OpenAI-compatible entry; picking the model writes
//       ldb.llm.provider = vscode-lm (to the folder's settings, where it was) and
//       ldb.llm.vscodeModel (to the user settings, as no folder value existed).
//
//   npm run package && node scripts/vscode/runUiTest.mjs --vsix ldb-0.1.0.vsix --with-test-lm --scenario test/e2e/inputs.ts
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { UiPage, UiScenarioContext } from '../../scripts/vscode/types';
import type { ScriptedServer } from '../support/scriptedServer';

const WIDGET = '.quick-input-widget';
const BOX = '.quick-input-widget .quick-input-box input';
const FOCUSED_ROW = '.quick-input-widget .quick-input-list .monaco-list-row.focused';
const ROWS = '.quick-input-widget .quick-input-list .monaco-list-row';
const EDITOR = '.editor-group-container.active .monaco-editor .view-lines';
const KEY = 'sk-ui-typed-0123456789';

interface Box {
  fill(text: string): Promise<void>;
  inputValue(): Promise<string>;
  getAttribute(name: string): Promise<string | null>;
}

const box = (page: UiPage): Box => page.locator(BOX);

/** Waits until the focused row's aria-label satisfies `test` (a JS expression over `l`, lower case). */
async function waitForFocusedRow(page: UiPage, test: string, timeout = 5000): Promise<void> {
  const waiter = page as UiPage & {
    waitForFunction(
      expression: string,
      arg: undefined,
      options: { timeout: number; polling: number },
    ): Promise<unknown>;
  };
  await waiter.waitForFunction(
    `(() => { const l = (document.querySelector(${JSON.stringify(FOCUSED_ROW)})?.getAttribute('aria-label') ?? '').toLowerCase(); return ${test}; })()`,
    undefined,
    { timeout, polling: 100 },
  );
}

/** Runs a palette command that opens an input box or quick pick of its own: waits for its title. */
async function commandThenInput(page: UiPage, label: string, title: RegExp): Promise<void> {
  let last: unknown;
  for (let attempt = 1; attempt <= 4; attempt++) {
    try {
      if (await page.isVisible(WIDGET)) await page.keyboard.press('Escape');
      await page.keyboard.press('F1');
      await page.waitForSelector(BOX, { state: 'visible', timeout: 5000 });
      await box(page).fill(`>${label}`);
      const want = JSON.stringify(label.toLowerCase());
      await waitForFocusedRow(page, `l === ${want} || l.startsWith(${want} + ',')`);
      await page.keyboard.press('Enter');
      await waitForTitle(page, title, 10_000);
      return;
    } catch (e) {
      last = e;
      await page.waitForTimeout(300 * attempt);
    }
  }
  throw new Error(`${label}: its input did not open: ${String(last)}`);
}

/** The title and message of the open quick input (the input box's prompt and validation). */
function quickInputText(page: UiPage): Promise<string> {
  return page.evaluate(
    `(() => { const w = document.querySelector(${JSON.stringify(WIDGET)});
      return w && w.style.display !== 'none' ? w.textContent.replace(/\\u00a0/g, ' ') : ''; })()` as unknown as () => string,
  );
}

async function waitForTitle(page: UiPage, title: RegExp, timeoutMs = 10_000): Promise<string> {
  const until = Date.now() + timeoutMs;
  let seen = '';
  while (Date.now() < until) {
    seen = await quickInputText(page);
    if (title.test(seen)) return seen;
    await page.waitForTimeout(100);
  }
  throw new Error(`the quick input did not show ${title}; it showed: ${JSON.stringify(seen)}`);
}

/** The editor lines as the user sees them, end-of-line decorations (::after content) included. */
function visibleText(page: UiPage): Promise<string> {
  const expression = `[...document.querySelectorAll(${JSON.stringify(EDITOR)})].map((root) =>
    [...root.querySelectorAll('.view-line')]
      .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
      .map((line) => {
        const strip = (c) => (c && c !== 'none' && c !== 'normal' ? JSON.parse(c) : '');
        let text = '';
        for (const el of line.querySelectorAll('span')) {
          const around = [getComputedStyle(el, '::before').content, getComputedStyle(el, '::after').content].map(strip);
          text += around[0] + (el.children.length === 0 ? el.textContent : '') + around[1];
        }
        return text.replace(/\\u00a0/g, ' ');
      })
      .join('\\n')).join('\\n')`;
  return page.evaluate(expression as unknown as () => string);
}

/** Waits for `wanted` in the editor; fails at once if an input box opens meanwhile (when `noInput`). */
async function waitForEditor(page: UiPage, wanted: RegExp, what: string, noInput = false): Promise<string> {
  const until = Date.now() + 30_000;
  let seen = '';
  while (Date.now() < until) {
    if (noInput) {
      const open = await quickInputText(page);
      assert.ok(!/a test for/.test(open), `${what}: LDB asked for a test again: ${open}`);
    }
    seen = await visibleText(page);
    if (wanted.test(seen)) return seen;
    await page.waitForTimeout(150);
  }
  throw new Error(`${what}: ${wanted} not shown; the editor showed:\n${seen}`);
}

function readJson(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

const folderSettings = (workspaceDir: string): Record<string, unknown> =>
  readJson(join(workspaceDir, '.vscode', 'settings.json'));

/** Before the window opens: the scripted server, and the folder's settings pointing LDB at it. */
export { prepare } from './debugWithTrace';

export default async function inputs({
  page,
  workspaceDir,
  screenshot,
  runCommand,
  openFile,
  waitForText,
  notifications,
  log,
  prepared,
  server: codeServer,
}: UiScenarioContext): Promise<void> {
  const server = prepared as ScriptedServer;
  const host = new URL(server.baseUrl).host;
  try {
    await openFile('make_a_pile.py');
    await waitForText(page, '.monaco-editor .codelens-decoration', 'Debug with Trace', { timeout: 30_000 });

    // (a) The API key, typed into a password box.
    await commandThenInput(page, 'LDB: Set API Key', new RegExp(`API key for ${host.replace(/\./g, '\\.')}`));
    assert.equal(await box(page).getAttribute('type'), 'password', 'the key box must hide what is typed');
    assert.ok(!(await quickInputText(page)).includes('Leave empty to remove'), 'no key is stored yet');
    await page.keyboard.type(KEY);
    await screenshot('inputs-api-key');
    await page.keyboard.press('Enter');
    await page.waitForSelector(WIDGET, { state: 'hidden', timeout: 5000 });
    await waitForText(page, '.notifications-toasts', `API key for ${host} saved in VS Code's secret storage`);
    // Asked again, the box offers to remove the stored key: it is in SecretStorage.
    await commandThenInput(page, 'LDB: Set API Key', /Leave empty to remove the stored key/);
    await page.keyboard.press('Escape');
    // And Debug with Trace sends it to the server it was set for.
    await page.keyboard.press('Control+G');
    await page.keyboard.type('20');
    await page.keyboard.press('Enter');
    await runCommand('LDB: Debug with Trace');
    const until = Date.now() + 30_000;
    while (server.chats().length === 0 && Date.now() < until) await page.waitForTimeout(100);
    assert.ok(server.chats().length > 0, 'Debug with Trace asked the server nothing');
    assert.equal(server.chats()[0].headers.authorization, `Bearer ${KEY}`);
    await waitForText(page, '.tabs-container .tab', /LDB fix/, { timeout: 30_000 });
    await runCommand('LDB: Clear');
    log('ui test: the typed key reached the server');

    // (b) A typed test for a function that nothing tests.
    await runCommand('View: Close All Editors');
    await openFile('no_tests.py');
    await page.keyboard.press('Control+G');
    await page.keyboard.type('7');
    await page.keyboard.press('Enter');
    await commandThenInput(page, 'LDB: Trace Only', /a test for shout/);
    // Validated as it is typed: a test that does not call the function is refused.
    await page.keyboard.type('assert len("ab") == 2');
    await waitForTitle(page, /the test does not call shout\(\)/);
    await screenshot('inputs-typed-test-refused');
    await box(page).fill('');
    await page.keyboard.type('assert shout("hi") == "HI!"');
    await page.waitForTimeout(300); // validation runs as it is typed
    assert.ok(!(await quickInputText(page)).includes('does not call'), 'a good test was refused');
    await page.keyboard.press('Enter');
    const traced = await waitForEditor(page, /'HI!'/, 'the values of the typed test run');
    log(`ui test: typed test traced:\n${traced}`);
    await screenshot('inputs-typed-test-traced');
    // Remembered: cleared, traced again, no question.
    await runCommand('LDB: Clear');
    await waitForEditor(page, /^(?![\s\S]*'HI!')/, 'the values to be cleared');
    await runCommand('LDB: Trace Only');
    await waitForEditor(page, /'HI!'/, 'the second run with the remembered test', true);

    // (c) Select Model: the test VS Code model, picked in the quick pick.
    await commandThenInput(page, 'LDB: Select Model', /LDB: Select Model/);
    const rows = await page.evaluate(
      `[...document.querySelectorAll(${JSON.stringify(ROWS)})].map((e) => e.getAttribute('aria-label') ?? '')` as unknown as () => string[],
    );
    log(`ui test: Select Model rows: ${JSON.stringify(rows)}`);
    assert.ok(
      rows.some((r) => r.includes('OpenAI-compatible server')),
      `no OpenAI-compatible entry: ${JSON.stringify(rows)}`,
    );
    const withModel = rows.some((r) => r.includes('LDB Test Model'));
    await screenshot('inputs-select-model');
    if (withModel) {
      await box(page).fill('LDB Test Model');
      await waitForFocusedRow(page, `l.includes('ldb test model')`);
      await page.keyboard.press('Enter');
      await waitForText(page, '.notifications-toasts', 'model: LDB Test Model.');
      // The provider goes where it was set (the folder's settings, by prepare()), the model where
      // none was set before: the user settings.
      assert.equal(folderSettings(workspaceDir)['ldb.llm.provider'], 'vscode-lm');
      const user = readJson(join(codeServer.dirs.userData, 'User', 'settings.json'));
      assert.equal(user['ldb.llm.vscodeModel'], 'scripted', JSON.stringify(user));
    } else {
      // No VS Code model (run without --with-test-lm): Automatic is the one that changes the setting.
      log('ui test: no VS Code model listed (run without --with-test-lm?): picking Automatic');
      await box(page).fill('Automatic');
      await page.waitForTimeout(300);
      await page.keyboard.press('Enter');
      await waitForText(page, '.notifications-toasts', 'model: automatic.');
      assert.equal(folderSettings(workspaceDir)['ldb.llm.provider'], 'auto');
    }
    log(`ui test: notifications: ${JSON.stringify(await notifications())}`);
    await screenshot('inputs-model-selected');
  } finally {
    await server.close();
  }
}
