// UI scenario (scripts/vscode/runUiTest.mjs): "LDB: Debug with Trace" from the command palette on
// the HumanEval/100 fixture, in a real workbench (code-server in headless chromium), against the
// scripted OpenAI-compatible server started here. Asserts what the workbench shows: the values at
// the end of the traced lines, the diagnostic in the Problems panel, the diff editor with the fix;
// then accepts the fix. Screenshots go to test-results/screenshots/.
//
//   npm run package && node scripts/vscode/runUiTest.mjs --vsix ldb-0.1.0.vsix --scenario test/e2e/debugWithTrace.ts
import { strict as assert } from 'node:assert';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { UiPage, UiScenarioContext } from '../../scripts/vscode/types';
import { startScriptedServer, type ScriptedServer } from '../support/scriptedServer';
import { FIXED_BRANCH, WRONG_EXPLANATION, makeAPileScript } from '../host/makeAPile';

const EDITOR = '.editor-group-container .monaco-editor:not(.original-in-monaco-diff-editor) .view-lines';

/**
 * The text of the editor lines as the user sees them, decorations included: VS Code draws an
 * extension's end-of-line text as CSS generated content (::after) of a span in the line.
 */
function visibleText(page: UiPage, selector: string): Promise<string[]> {
  // A string expression: this package has no DOM types, and Playwright evaluates strings as they are.
  const expression = `[...document.querySelectorAll(${JSON.stringify(selector)})].map((root) =>
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
      .join('\\n'))`;
  return page.evaluate(expression as unknown as () => string[]);
}

async function waitForVisible(
  page: UiPage,
  selector: string,
  wanted: RegExp,
  what: string,
  timeoutMs = 30_000,
): Promise<string> {
  const until = Date.now() + timeoutMs;
  let seen = '';
  while (Date.now() < until) {
    seen = (await visibleText(page, selector)).join('\n');
    if (wanted.test(seen)) return seen;
    await page.waitForTimeout(200);
  }
  throw new Error(`${what}: ${wanted} not shown within ${timeoutMs} ms; the editor showed:\n${seen}`);
}

/**
 * Before the window opens: the scripted server, and the folder's settings pointing LDB at it (a
 * loopback URL needs no key), so the workbench reads them at start.
 */
export async function prepare({ workspaceDir }: { workspaceDir: string }): Promise<ScriptedServer> {
  const fixture = readFileSync(join(workspaceDir, 'make_a_pile.py'), 'utf8');
  const server = await startScriptedServer(makeAPileScript(fixture));
  mkdirSync(join(workspaceDir, '.vscode'), { recursive: true });
  writeFileSync(
    join(workspaceDir, '.vscode', 'settings.json'),
    JSON.stringify({
      'ldb.llm.provider': 'openai-compatible',
      'ldb.llm.baseUrl': server.baseUrl,
      'ldb.llm.model': 'scripted-model',
      'editor.minimap.enabled': false,
    }),
  );
  return server;
}

export default async function debugWithTrace({
  page,
  screenshot,
  runCommand,
  openFile,
  waitForText,
  log,
  prepared,
}: UiScenarioContext): Promise<void> {
  const server = prepared as ScriptedServer;
  try {
    await openFile('make_a_pile.py');
    // More room for the code and the diff: the side bar closed.
    await page.keyboard.press('Control+B');
    // The CodeLens above the function says the extension is up.
    await waitForText(page, '.monaco-editor .codelens-decoration', 'Debug with Trace', { timeout: 30_000 });
    // The cursor into the loop of make_a_pile (Go to Line).
    await page.keyboard.press('Control+G');
    await page.keyboard.type('20');
    await page.keyboard.press('Enter');

    await runCommand('LDB: Debug with Trace');
    const shown = await waitForVisible(
      page,
      EDITOR,
      /pile=\[3, 4, 6\]\s+×2/,
      'the values after the loop body',
    );
    log(`ui test: inline values shown:\n${shown}`);
    assert.match(shown, /pile = \[n\]\s*pile=\[3\]/);
    assert.match(shown, /return pile\s*→ \[3, 4, 6\]/);
    // The verified fix: a diff editor beside the file, the proposal beside the lines it replaces.
    await page.waitForSelector('.monaco-diff-editor', { state: 'visible', timeout: 30_000 });
    await waitForText(page, '.tabs-container .tab', /LDB fix \(passes 2\/2 tests\)/);
    await waitForVisible(
      page,
      EDITOR,
      /⇢ pile\.append\(n \+ 2\*i \+ 2\)/,
      'the proposal beside the faulty branch',
    );
    await waitForText(page, '.monaco-editor .codelens-decoration', 'Accept LDB fix (passes 2/2 tests)');
    await screenshot('debug-with-trace');

    // Hovering the faulty line: the model's verdict and every visit of the block as a table.
    const hoverable = page as unknown as {
      hover(selector: string, options?: { timeout?: number }): Promise<void>;
    };
    await hoverable.hover(
      '.editor-group-container >> nth=0 >> .view-line:has-text("2*i + 1") >> text=append',
      {
        timeout: 10_000,
      },
    );
    await waitForText(page, '.monaco-hover', /BLOCK-6/, { timeout: 10_000 });
    await waitForText(page, '.monaco-hover', WRONG_EXPLANATION.slice(0, 30));
    await page.waitForTimeout(400); // the hover fades in
    await screenshot('debug-with-trace-hover');
    await page.keyboard.press('Escape');

    // The wrong block's diagnostic in the Problems panel.
    await page.keyboard.press('Control+Shift+M');
    await waitForText(page, '.markers-panel .monaco-list-row', WRONG_EXPLANATION.slice(0, 40), {
      timeout: 15_000,
    });
    await waitForText(page, '.markers-panel .monaco-list-row', 'LDB');
    await screenshot('debug-with-trace-problems');

    await runCommand('LDB: Accept Fix');
    await waitForVisible(
      page,
      EDITOR,
      new RegExp(FIXED_BRANCH.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + '\\s*\\n\\s*return pile'),
      'the accepted fix in the editor',
    );
    await page.waitForSelector('.monaco-diff-editor', { state: 'detached', timeout: 10_000 });
    await screenshot('debug-with-trace-accepted');
    assert.equal(server.chats().length, 2, 'one verdict request and one fix request');
  } finally {
    await server.close();
  }
}
