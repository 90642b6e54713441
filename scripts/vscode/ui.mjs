// Helpers for UI tests that drive the VS Code workbench (code-server in Debian's chromium) with
// Playwright. They wait on what the workbench shows rather than on fixed delays, and retry the
// keyboard sequences that the workbench can swallow while it starts (focus moves to the editor or
// a notification when an extension activates).
//
// Selectors follow VS Code 1.100's DOM (.quick-input-widget, .monaco-list-row, .tabs-container...).
/** @import { QuickPickOptions, UiPage } from './types.js' */

const QUICK_INPUT = '.quick-input-widget';
const QUICK_INPUT_BOX = '.quick-input-widget .quick-input-box input';
// The row Enter picks: the quick input focuses the best match.
const QUICK_INPUT_ROWS = '.quick-input-widget .quick-input-list .monaco-list-row';
const QUICK_INPUT_FOCUSED_ROW = '.quick-input-widget .quick-input-list .monaco-list-row.focused';

/** Text as the user reads it: Monaco renders spaces as no-break spaces. */
const normalize = (/** @type {string | null | undefined} */ s) => (s ?? '').replace(/\u00a0/g, ' ');

/**
 * Waits until an element matching `selector` contains `text` (a string, or a RegExp tested against
 * the element's text). Returns the matching element's text.
 * @type {import('./types.js').WaitForText}
 */
export async function waitForText(page, selector, text, { timeout = 15_000 } = {}) {
  /** @type {{ source: string; flags: string } | { plain: string }} */
  const pattern =
    text instanceof RegExp ? { source: text.source, flags: text.flags } : { plain: String(text) };
  try {
    const handle = await page.waitForFunction(
      ({ sel, pat }) => {
        const norm = (/** @type {string | null} */ s) => (s ?? '').replace(/\u00a0/g, ' ');
        const re = 'source' in pat ? new RegExp(pat.source, pat.flags) : undefined;
        for (const el of document.querySelectorAll(sel)) {
          const t = norm(el.textContent);
          if (re ? re.test(t) : 'plain' in pat && t.includes(pat.plain)) return t;
        }
        return false;
      },
      { sel: selector, pat: pattern },
      { timeout, polling: 100 },
    );
    return normalize(/** @type {string} */ (await handle.jsonValue()));
  } catch (err) {
    const seen = await page
      .$$eval(selector, (els) => els.map((e) => (e.textContent ?? '').replace(/\u00a0/g, ' ').slice(0, 300)))
      .catch(() => []);
    throw new Error(
      `waitForText: no ${selector} containing ${String(text)} within ${timeout} ms; ` +
        (seen.length ? `found ${seen.length}: ${JSON.stringify(seen.slice(0, 5))}` : 'no element matches') +
        ` (${(err instanceof Error ? err.message : String(err)).split('\n')[0]})`,
      { cause: err },
    );
  }
}

/**
 * Waits for the workbench to be laid out: the status bar and, with a folder, the explorer.
 * @param {UiPage} page
 * @param {{ timeout?: number }} [options]
 */
export async function waitForWorkbench(page, { timeout = 60_000 } = {}) {
  await page.waitForSelector('.monaco-workbench .part.statusbar', { state: 'visible', timeout });
  await page.waitForSelector('.monaco-workbench .part.activitybar, .monaco-workbench .activitybar', {
    state: 'visible',
    timeout,
  });
}

/** @param {UiPage} page */
async function closeQuickInput(page) {
  if (await page.isVisible(QUICK_INPUT)) {
    await page.keyboard.press('Escape');
    await page.waitForSelector(QUICK_INPUT, { state: 'hidden', timeout: 2000 }).catch(() => {});
  }
}

/**
 * Opens the quick input with `keys`, types `text`, waits until the focused row's label is `accept`
 * (its aria-label is `accept` or starts with `accept,`: rows append their keybinding or
 * description), presses Enter and waits for the quick input to close. The whole sequence is
 * retried (`attempts` times) when any step does not happen in time.
 * @param {UiPage} page
 * @param {{ keys: string[]; text: string; accept: string; what: string } & QuickPickOptions} steps
 */
async function quickPick(page, { keys, text, accept, what, attempts = 4, stepTimeout = 5000 }) {
  /** @type {unknown} */
  let lastError;
  /** @type {(string | null)[]} */
  let lastRows = [];
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      await closeQuickInput(page);
      // Focus the workbench (not the address bar or a webview) before the shortcut.
      await page
        .locator('.monaco-workbench')
        .focus()
        .catch(() => {});
      for (const k of keys) await page.keyboard.press(k);
      await page.waitForSelector(QUICK_INPUT_BOX, { state: 'visible', timeout: stepTimeout });
      const box = page.locator(QUICK_INPUT_BOX);
      await box.fill(text);
      // Results come in asynchronously (commands once the extension host is up, files once the
      // search ran): wait until the row Enter would pick is the one we want.
      await page.waitForFunction(
        ({ rowSel, wanted }) => {
          const row = document.querySelector(rowSel);
          const label = (row?.getAttribute('aria-label') ?? '').replace(/\u00a0/g, ' ').toLowerCase();
          const w = wanted.toLowerCase();
          return label === w || label.startsWith(`${w},`);
        },
        { rowSel: QUICK_INPUT_FOCUSED_ROW, wanted: accept },
        { timeout: stepTimeout, polling: 100 },
      );
      if ((await box.inputValue()) !== text) throw new Error('the quick input lost what was typed');
      await box.press('Enter');
      await page.waitForSelector(QUICK_INPUT, { state: 'hidden', timeout: stepTimeout });
      return;
    } catch (err) {
      lastError = err;
      lastRows = await page
        .$$eval(QUICK_INPUT_ROWS, (els) => els.slice(0, 5).map((e) => e.getAttribute('aria-label')))
        .catch(() => []);
      await page.waitForTimeout(300 * attempt);
    }
  }
  await closeQuickInput(page).catch(() => {});
  throw new Error(
    `${what}: failed after ${attempts} attempts: ${(lastError instanceof Error ? lastError.message : String(lastError)).split('\n')[0]}; ` +
      `rows shown: ${JSON.stringify(lastRows)}`,
    { cause: lastError },
  );
}

/**
 * Runs a command from the command palette by its label as the palette shows it, category
 * included: runCommand(page, 'LDB: Debug with Trace'). F1, type, wait for the command to be the
 * first row, Enter; retried as a whole.
 * @param {UiPage} page
 * @param {string} label
 * @param {QuickPickOptions} [options]
 */
export async function runCommand(page, label, options = {}) {
  await quickPick(page, {
    keys: ['F1'],
    text: `>${label}`,
    accept: label,
    what: `runCommand(${label})`,
    ...options,
  });
}

/**
 * Opens a file of the workspace with Quick Open (Ctrl+P) by its path relative to the folder, and
 * waits for its editor tab to be the active one.
 * @param {UiPage} page
 * @param {string} relPath
 * @param {QuickPickOptions} [options]
 */
export async function openFile(page, relPath, options = {}) {
  const name = relPath.slice(relPath.lastIndexOf('/') + 1);
  await quickPick(page, {
    keys: ['Control+P'],
    text: relPath,
    accept: name,
    what: `openFile(${relPath})`,
    ...options,
  });
  await page.waitForSelector(`.tabs-container .tab.active[aria-label*=${JSON.stringify(name)}]`, {
    timeout: options.stepTimeout ?? 10_000,
  });
  await page.waitForSelector('.editor-group-container.active .monaco-editor .view-lines', {
    timeout: 10_000,
  });
}

/**
 * The text of the visible lines of the active editor (Monaco renders only what is on screen).
 * @param {UiPage} page
 */
export async function activeEditorText(page) {
  const lines = await page.$$eval(
    '.editor-group-container.active .monaco-editor .view-lines .view-line',
    (/** @type {HTMLElement[]} */ els) =>
      els
        .map((e) => ({
          top: parseFloat(e.style.top) || 0,
          text: (e.textContent ?? '').replace(/\u00a0/g, ' '),
        }))
        .sort((a, b) => a.top - b.top)
        .map((l) => l.text),
  );
  return lines.join('\n');
}

/**
 * The notifications currently shown (toasts), as text.
 * @param {UiPage} page
 */
export async function notifications(page) {
  return page.$$eval('.notifications-toasts .notification-list-item-message', (els) =>
    els.map((e) => (e.textContent ?? '').trim()),
  );
}
