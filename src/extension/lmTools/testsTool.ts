// `ldb_tests` (#ldbTests): the language model tool that lists the tests of a file, folder or project
// with their ids (for ldb_trace's testId), by the same listTests `ldb tests` calls. For a folder or
// a test file pytest collects the tests, which imports the test modules: that is running code, so
// the same trust and confirmation apply as to ldb_trace.
import * as vscode from 'vscode';
import { capText } from '../../core/agents/boundedText';
import { readTestsInput, runTestsTool, testsToolText } from '../../core/agents/testsTool';
import { readSettings, readToolSettings } from '../config';
import type { LdbContext } from '../context';
import { abortOn, textResult, toolError, UNTRUSTED, workspaceFolders } from './common';

export class TestsTool implements vscode.LanguageModelTool<unknown> {
  constructor(private readonly ctx: LdbContext) {}

  prepareInvocation(
    options: vscode.LanguageModelToolInvocationPrepareOptions<unknown>,
  ): vscode.PreparedToolInvocation {
    const raw = (options.input as { path?: unknown } | undefined)?.path;
    const path = typeof raw === 'string' ? raw : 'a file';
    if (!vscode.workspace.isTrusted)
      return { invocationMessage: `LDB: not listing ${path} (untrusted workspace)` };
    const prepared: vscode.PreparedToolInvocation = {
      invocationMessage: `LDB: listing the tests of ${path}`,
    };
    if (readToolSettings().confirmRuns) {
      prepared.confirmationMessages = {
        title: 'List tests with LDB?',
        message: new vscode.MarkdownString(
          `LDB will list the tests of \`${path}\`. For a folder or a test file, pytest collects them, ` +
            `which imports the test modules: your code runs, in a child process with LDB's limits.`,
        ),
      };
    }
    return prepared;
  }

  async invoke(
    options: vscode.LanguageModelToolInvocationOptions<unknown>,
    token: vscode.CancellationToken,
  ): Promise<vscode.LanguageModelToolResult> {
    if (!vscode.workspace.isTrusted) throw new Error(UNTRUSTED);
    const cancel = abortOn(token);
    try {
      const folders = workspaceFolders();
      const result = await runTestsTool(readTestsInput(options.input), {
        folders,
        settings: await readSettings(folders.length > 0 ? vscode.Uri.file(folders[0]) : undefined),
        assets: this.ctx.assets,
        signal: cancel.signal,
      });
      return textResult(capText(testsToolText(result), readToolSettings().maxResultChars));
    } catch (e) {
      throw toolError(e);
    } finally {
      cancel.dispose();
    }
  }
}
