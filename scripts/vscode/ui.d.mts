// Types of ui.mjs (for .mts scenarios and editors); the shared interfaces are in types.d.ts.
import type { QuickPickOptions, UiPage, WaitForText } from './types.js';

export type { QuickPickOptions, UiPage, UiScenario, UiScenarioContext, WaitForText } from './types.js';

export declare const waitForText: WaitForText;
export function waitForWorkbench(page: UiPage, options?: { timeout?: number }): Promise<void>;
export function runCommand(page: UiPage, label: string, options?: QuickPickOptions): Promise<void>;
export function openFile(page: UiPage, relPath: string, options?: QuickPickOptions): Promise<void>;
export function activeEditorText(page: UiPage): Promise<string>;
export function notifications(page: UiPage): Promise<string[]>;
