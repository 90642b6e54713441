// The language model tools LDB contributes (package.json `languageModelTools`): agents in chat
// (Copilot's agent mode, other chat participants) can trace a test and list tests, and users can
// attach them with #ldbTrace / #ldbTests. A host without vscode.lm.registerTool registers none.
import * as vscode from 'vscode';
import type { LdbContext } from '../context';
import { TestsTool } from './testsTool';
import { TraceTool } from './traceTool';

export const TOOL_NAMES = { trace: 'ldb_trace', tests: 'ldb_tests' } as const;

export function registerLanguageModelTools(ctx: LdbContext): vscode.Disposable[] {
  if (typeof vscode.lm?.registerTool !== 'function') return [];
  return [
    vscode.lm.registerTool(TOOL_NAMES.trace, new TraceTool(ctx)),
    vscode.lm.registerTool(TOOL_NAMES.tests, new TestsTool(ctx)),
  ];
}
