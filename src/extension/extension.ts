// Activation: cheap wiring only (commands, providers, the test controller). tree-sitter loads on
// the first parse, js-tiktoken on the first token count, Python runs on the first command. A
// failure here is shown, logged and rethrown (VS Code alone would only log it).
import * as vscode from 'vscode';
import { registerCodeActions } from './codeActions';
import { LdbCodeLenses } from './codelens';
import { registerCommands } from './commands';
import { useInterpreterLookup } from './config';
import { LdbContext } from './context';
import { registerDiagnostics } from './diagnostics';
import { registerHovers } from './hovers';
import { registerLanguageModelTools } from './lmTools';
import { recordedLog } from './logRecord';
import { LANGUAGE_IDS, SOURCE_FILES } from './target';
import { testingApi, type LdbExtensionApi } from './testApi';
import { LdbTestController } from './testController';
import { TraceDocuments } from './traceDocument';

let active: LdbContext | undefined;

export function activate(extension: vscode.ExtensionContext): LdbExtensionApi {
  const started = performance.now();
  const channel = vscode.window.createOutputChannel('LDB', { log: true });
  extension.subscriptions.push(channel);
  const { log, lines } = recordedLog(channel);
  try {
    const ctx = new LdbContext(extension, log, lines);
    active = ctx;
    void ctx.keys.setLanguageIds(LANGUAGE_IDS);
    useInterpreterLookup(async (scope) => (await ctx.interpreters.for(scope)).command);
    const docs = new TraceDocuments();
    const lenses = new LdbCodeLenses(ctx);
    ctx.push(
      docs,
      lenses,
      ...registerCommands(ctx, docs),
      vscode.languages.registerCodeLensProvider(SOURCE_FILES, lenses),
      registerHovers(ctx.marks),
      registerDiagnostics(ctx.marks),
      registerCodeActions(ctx),
      ...registerLanguageModelTools(ctx),
    );
    const tests = new LdbTestController(ctx);
    ctx.testController = tests;
    ctx.push(tests);
    extension.subscriptions.push(ctx);
    ctx.timings.activationMs = Math.round(performance.now() - started);
    const version = (extension.extension.packageJSON as { version?: string }).version ?? '?';
    log.info(`LDB ${version} activated in ${ctx.timings.activationMs} ms`);
    return testingApi(ctx);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log.error('activation failed:', error instanceof Error ? (error.stack ?? message) : message);
    void vscode.window
      .showErrorMessage(`LDB could not start: ${message.split('\n')[0]}`, 'Show Log')
      .then((b) => {
        if (b) log.show();
      });
    throw error;
  }
}

export function deactivate(): void {
  active?.dispose();
  active = undefined;
}
