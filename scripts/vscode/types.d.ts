// Types for UI scenarios written in TypeScript (run by scripts/vscode/runUiTest.mjs through tsx).
// A plain .d.ts, so that CommonJS test files (this package) can import them without ceremony:
//
//   import type { UiScenarioContext } from '../../scripts/vscode/types';
//
//   export default async function ({ page, runCommand, waitForText, screenshot }: UiScenarioContext) {
//     await runCommand('LDB: Debug with Trace');
//     await waitForText(page, '.monaco-editor .view-lines', 'pile=[3, 4]');
//     await screenshot('after-debug');
//   }
//
// playwright-core lives in test/vscode/node_modules (not a dependency of the extension), so the page
// is typed structurally: the methods scenarios use most. The helpers themselves are ui.mjs.

export interface UiPage {
  keyboard: {
    press(key: string, options?: { delay?: number }): Promise<void>;
    type(text: string, options?: { delay?: number }): Promise<void>;
  };
  click(selector: string, options?: { timeout?: number }): Promise<void>;
  waitForSelector(
    selector: string,
    options?: { state?: 'attached' | 'detached' | 'visible' | 'hidden'; timeout?: number },
  ): Promise<unknown>;
  isVisible(selector: string): Promise<boolean>;
  textContent(selector: string, options?: { timeout?: number }): Promise<string | null>;
  $$eval<R, E extends Element = Element>(selector: string, fn: (elements: E[]) => R): Promise<R>;
  evaluate<R>(fn: () => R): Promise<R>;
  waitForTimeout(ms: number): Promise<void>;
  screenshot(options?: { path?: string; fullPage?: boolean }): Promise<unknown>;
  locator(selector: string): UiLocator;
  /** Runs `fn(arg)` in the page until it returns a truthy value, which the handle holds. */
  waitForFunction<A, R>(
    fn: (arg: A) => R,
    arg: A,
    options?: { timeout?: number; polling?: number },
  ): Promise<{ jsonValue(): Promise<R> }>;
}

export interface UiLocator {
  focus(): Promise<void>;
  fill(text: string): Promise<void>;
  inputValue(): Promise<string>;
  press(key: string): Promise<void>;
  getAttribute(name: string): Promise<string | null>;
}

// What the harness itself (codeServer.mjs, runHostTests.mjs, runUiTest.mjs, ui.mjs) uses of
// playwright-core, typed the same way.

export interface ConsoleMessage {
  type(): string;
  text(): string;
}

/** The page as the harness drives it: a scenario's page, plus events, navigation and waiting. */
export interface HarnessPage extends UiPage {
  on(event: 'console', listener: (message: ConsoleMessage) => void): unknown;
  on(event: 'pageerror', listener: (error: Error) => void): unknown;
  on(event: 'crash', listener: () => void): unknown;
  exposeFunction(name: string, fn: (...args: unknown[]) => unknown): Promise<void>;
  goto(url: string): Promise<unknown>;
  screenshot(options?: { path?: string; fullPage?: boolean; timeout?: number }): Promise<unknown>;
}

export interface BrowserContext {
  pages(): HarnessPage[];
  newPage(): Promise<HarnessPage>;
  close(): Promise<void>;
}

export interface Playwright {
  chromium: {
    launchPersistentContext(
      userDataDir: string,
      options: {
        executablePath: string;
        headless: boolean;
        args: string[];
        env: NodeJS.ProcessEnv;
        viewport: { width: number; height: number };
        handleSIGINT: boolean;
        handleSIGTERM: boolean;
        handleSIGHUP: boolean;
      },
    ): Promise<BrowserContext>;
  };
}

export interface QuickPickOptions {
  /** How many times the whole open-type-Enter sequence is tried (default 4). */
  attempts?: number;
  /** How long each step may take, in ms (default 5000). */
  stepTimeout?: number;
}

export type WaitForText = (
  page: UiPage,
  selector: string,
  text: string | RegExp,
  options?: { timeout?: number },
) => Promise<string>;

/** What runUiTest.mjs hands a scenario. Function-valued properties, so they can be destructured. */
export interface UiScenarioContext {
  page: UiPage;
  /** The throwaway copy of the workspace the window has open (edit its files freely). */
  workspaceDir: string;
  /** Saves test-results/screenshots/<name>.png and returns its path. */
  screenshot: (name: string) => Promise<string>;
  /** Runs a palette command by its label, category included: 'LDB: Debug with Trace'. */
  runCommand: (label: string, options?: QuickPickOptions) => Promise<void>;
  /** Opens a workspace file with Quick Open and waits for its editor. */
  openFile: (relPath: string, options?: QuickPickOptions) => Promise<void>;
  /** Waits until an element matching the selector contains the text (or matches the RegExp). */
  waitForText: WaitForText;
  /** The visible lines of the active editor. */
  activeEditorText: () => Promise<string>;
  /** The notification toasts shown now. */
  notifications: () => Promise<string[]>;
  log: (line: string) => void;
  /** What the scenario module's `prepare({ workspaceDir, log })` export returned, if it has one. */
  prepared?: unknown;
  /** The code-server instance. */
  server: {
    url: string;
    port: number;
    dirs: Record<'base' | 'home' | 'tmp' | 'userData' | 'extensions' | 'config', string>;
    logFiles: () => string[];
    output: () => string;
  };
}

export type UiScenario = (context: UiScenarioContext) => Promise<void>;

/** Optional export of a scenario module: runs before code-server starts; its value is `prepared`. */
export type UiPrepare = (context: { workspaceDir: string; log: (line: string) => void }) => Promise<unknown>;
