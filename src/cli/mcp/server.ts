// `ldb mcp`'s server: the tools `trace` and `tests` over the core calls the CLI commands make. A
// failure is a tool result with isError and the one-line message, never a dead server; a cancelled
// request aborts its run (the child's process group is killed); nothing is written to stdout but
// the protocol.
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema,
  ListToolsRequestSchema,
  type CallToolResult,
} from '@modelcontextprotocol/sdk/types.js';
import { readTestsInput, runTestsTool, testsToolJson, testsToolText } from '../../core/agents/testsTool';
import { readTraceInput, runTraceTool } from '../../core/agents/traceTool';
import { DEBUG_TOOL, TESTS_TOOL, TRACE_TOOL, type ToolSpec } from '../../core/agents/toolSpecs';
import { capText } from '../../core/agents/boundedText';
import { badInput, isLdbError } from '../../core/errors';
import { redactStrings, type Redact } from '../../core/redaction';
import type { AgentLimits, DebugSettings } from '../../core/settings';
import type { LlmClient } from '../../core/llm/port';
import { readDebugInput, runDebugTool } from '../../core/agents/debugTool';
import { progressLine } from '../commands/debug';
import { sessionText } from '../sessionText';
import type { Assets } from '../../core/trace/tracing';
import { VERSION } from '../version';
import { withProgress, type ProgressSink } from './progress';
import { AllowedFolders } from './roots';
import { boundedTraceJson, boundedTraceText } from './traceResult';

export interface McpServerOptions {
  settings: DebugSettings;
  /** The configured model: with one, the debug tool is offered too. */
  llm?: LlmClient;
  /** `--redact` patterns: every result (and every value the model gets in debug) passes through it. */
  redact?: Redact;
  limits: AgentLimits;
  assets: Assets;
  cwd: string;
}

interface ToolCall {
  args: unknown;
  folders: string[];
  signal: AbortSignal;
  progress: ProgressSink;
}

type Tool = (call: ToolCall) => Promise<CallToolResult>;

function failure(e: unknown): CallToolResult {
  const message = isLdbError(e)
    ? e.message
    : `internal error: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}`;
  return { isError: true, content: [{ type: 'text', text: message.split('\n')[0] }] };
}

export interface LdbMcpServer {
  server: Server;
  /** Resolves when no tool call is running (at once when none is). */
  idle: () => Promise<void>;
}

export function createMcpServer(options: McpServerOptions): LdbMcpServer {
  let running = 0;
  const onIdle: (() => void)[] = [];
  const server = new Server(
    { name: 'ldb', version: VERSION },
    {
      capabilities: { tools: {} },
      instructions:
        'LDB debugs Python functions the way a human does: call tests to find the tests of a file, then trace ' +
        'to run one and read the values of the variables after each basic block. The first block whose values ' +
        'go wrong holds the bug.',
    },
  );
  const folders = new AllowedFolders(server, options.cwd);
  const max = options.limits.maxResultChars;
  const redact = options.redact ? { redact: options.redact } : {};

  const tools: Record<string, { spec: ToolSpec; call: Tool }> = {
    trace: {
      spec: TRACE_TOOL,
      call: async ({ args, folders, signal, progress }) => {
        const input = readTraceInput(args);
        const report = await withProgress(progress, `tracing ${input.file}`, () =>
          runTraceTool(input, {
            folders,
            settings: options.settings,
            assets: options.assets,
            signal,
            ...redact,
          }),
        );
        return {
          isError: false,
          content: [{ type: 'text', text: boundedTraceText(report, max) }],
          structuredContent: boundedTraceJson(report, max),
        };
      },
    },
    tests: {
      spec: TESTS_TOOL,
      call: async ({ args, folders, signal, progress }) => {
        const input = readTestsInput(args);
        const result = await withProgress(progress, `listing the tests of ${input.path}`, () =>
          runTestsTool(input, { folders, settings: options.settings, assets: options.assets, signal }),
        );
        const json = testsToolJson(result);
        return {
          isError: false,
          content: [{ type: 'text', text: capText(testsToolText(result), max) }],
          ...(JSON.stringify(json).length <= max ? { structuredContent: json } : {}),
        };
      },
    },
  };

  const llm = options.llm;
  if (llm) {
    tools.debug = {
      spec: DEBUG_TOOL,
      call: async ({ args, folders, signal, progress }) => {
        const input = readDebugInput(args);
        const session = await withProgress(progress, `debugging ${input.file}`, (report) =>
          runDebugTool(input, {
            folders,
            settings: options.settings,
            assets: options.assets,
            llm,
            signal,
            ...redact,
            onProgress: (e) => {
              const line = progressLine(e).trim();
              if (line !== '') report(line);
            },
          }),
        );
        if (session.status === 'error') return failure(badInput(session.error ?? 'the model failed'));
        const summary = {
          status: session.status,
          function: session.function,
          model: session.model,
          iterations: session.iterations.length,
          ...(session.finalCode !== undefined ? { finalCode: session.finalCode } : {}),
          ...(session.finalFiles ? { files: session.finalFiles } : {}),
          tokens: session.tokens,
          ms: session.ms,
        };
        return {
          isError: false,
          content: [{ type: 'text', text: capText(sessionText(session), max) }],
          ...(JSON.stringify(summary).length <= max ? { structuredContent: summary } : {}),
        };
      },
    };
  }

  server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: Object.entries(tools).map(([name, t]) => ({
      name,
      description: t.spec.description,
      inputSchema: t.spec.inputSchema,
    })),
  }));

  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const tool = tools[request.params.name];
    if (!tool) {
      return failure(
        badInput(`unknown tool '${request.params.name}': the tools are ${Object.keys(tools).join(', ')}`),
      );
    }
    running++;
    try {
      const result = await tool.call({
        args: request.params.arguments ?? {},
        folders: await folders.get(),
        signal: extra.signal,
        progress: extra,
      });
      return options.redact ? redactStrings(result, options.redact) : result;
    } catch (e) {
      const failed = failure(e);
      return options.redact ? redactStrings(failed, options.redact) : failed;
    } finally {
      // The response is sent after this returns: let it go out before anyone closes the transport.
      if (--running === 0) setImmediate(() => onIdle.splice(0).forEach((f) => f()));
    }
  });
  return {
    server,
    idle: () => (running === 0 ? Promise.resolve() : new Promise((resolve) => onIdle.push(resolve))),
  };
}
