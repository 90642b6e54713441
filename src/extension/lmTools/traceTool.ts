// `ldb_trace` (#ldbTrace): the language model tool that runs one test under the tracer and gives the
// model the block-wise trace, outcome first: the same core call and rendering as `ldb trace`, with
// this workspace's settings, redaction and sandbox. Running code is confirmed by the user first
// (unless they switched that off in their user settings), never happens in an untrusted workspace,
// and stops when the chat cancels.
import * as vscode from 'vscode';
import { capText } from '../../core/agents/boundedText';
import { readTraceInput, runTraceTool, type TraceToolInput } from '../../core/agents/traceTool';
import { traceText } from '../../core/trace/reportText';
import { readRedactor, readSettings, readToolSettings } from '../config';
import type { LdbContext } from '../context';
import { abortOn, textResult, toolError, UNTRUSTED, workspaceFolders } from './common';

function describeRun(input: TraceToolInput): string {
  const test = input.test !== undefined ? `\`${input.test}\`` : `test ${input.testId ?? '?'}`;
  return `${test} on \`${input.file}\`${input.function ? ` (function \`${input.function}\`)` : ''}`;
}

export class TraceTool implements vscode.LanguageModelTool<unknown> {
  constructor(private readonly ctx: LdbContext) {}

  prepareInvocation(
    options: vscode.LanguageModelToolInvocationPrepareOptions<unknown>,
  ): vscode.PreparedToolInvocation {
    let input: TraceToolInput;
    try {
      input = readTraceInput(options.input);
    } catch {
      return { invocationMessage: 'LDB: checking the trace request' };
    }
    if (!vscode.workspace.isTrusted)
      return { invocationMessage: `LDB: not tracing ${input.file} (untrusted workspace)` };
    const prepared: vscode.PreparedToolInvocation = {
      invocationMessage: `LDB: tracing ${describeRun(input)}`,
    };
    if (readToolSettings().confirmRuns) {
      prepared.confirmationMessages = {
        title: 'Run a test with LDB?',
        message: new vscode.MarkdownString(
          `LDB will run ${describeRun(input)} under its tracer: your code runs, in a child process with ` +
            `LDB's time and memory limits (\`ldb.timeoutMs\`, \`ldb.memoryMb\`).`,
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
      const input = readTraceInput(options.input);
      const folders = workspaceFolders();
      const scope = folders.length > 0 ? vscode.Uri.file(folders[0]) : undefined;
      const settings = await readSettings(scope);
      const redact = readRedactor(scope);
      const report = await runTraceTool(input, {
        folders,
        settings,
        assets: this.ctx.assets,
        signal: cancel.signal,
        ...(redact ? { redact } : {}),
      });
      // The whole text passes the redaction (the outcome's values and the code too, as Debug with Trace does).
      const text = traceText(report);
      this.ctx.log.info(
        `ldb_trace: ${report.entry.qualifiedName} on ${report.test.label}: ${report.run.outcome.status}`,
      );
      return textResult(capText(redact ? redact(text) : text, readToolSettings().maxResultChars));
    } catch (e) {
      throw toolError(e);
    } finally {
      cancel.dispose();
    }
  }
}
