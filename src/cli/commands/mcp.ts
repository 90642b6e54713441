// `ldb mcp`: a Model Context Protocol server on stdin/stdout, so that coding agents (Claude Code,
// Cursor, VS Code, Continue) can trace a test and list tests. Loaded only by this command: the
// MCP SDK costs the other commands nothing at start-up.
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { DEFAULT_AGENT_LIMITS, withDebugDefaults } from '../../core/settings';
import { LLM_OPTIONS, LLM_OPTIONS_HELP, llmClientFor, llmConfigFrom } from '../llmFlags';
import { badInput } from '../../core/errors';
import { redactorFrom } from '../../core/redaction';
import { intOption, listOption, parseCommandArgs, type Parsed } from '../args';
import type { CommandContext } from '../context';
import { createMcpServer } from '../mcp/server';
import { RUN_OPTIONS, RUN_OPTIONS_HELP, settingsFrom } from '../settingsFlags';

export const MCP_HELP = `usage: ldb mcp [options]

Serves the Model Context Protocol on stdin/stdout with the tools trace (run a test under the
tracer; the block-wise trace, outcome first) and tests (the tests of a file or folder, with ids),
and, when a model is configured (as for ldb debug), debug (the LDB loop; the file is not written).
Files are read only inside the client's roots (without roots: the current directory).
Configure it in an agent, e.g.: claude mcp add ldb -- node /path/to/dist/cli.js mcp

${RUN_OPTIONS_HELP}
${LLM_OPTIONS_HELP}
  --redact REGEX        replace every match in results (and in what debug sends the model) with ***
                        (repeatable; JavaScript syntax)
  --max-result-chars N  characters of one tool result; the middle of a longer one is cut (default ${DEFAULT_AGENT_LIMITS.maxResultChars})`;

function limitsFrom(parsed: Parsed) {
  return {
    ...DEFAULT_AGENT_LIMITS,
    maxResultChars: intOption(parsed, 'max-result-chars', 1000) ?? DEFAULT_AGENT_LIMITS.maxResultChars,
  };
}

export async function mcpCommand(ctx: CommandContext, argv: string[]): Promise<number> {
  const parsed = parseCommandArgs('mcp', argv, {
    ...RUN_OPTIONS,
    ...LLM_OPTIONS,
    'max-result-chars': { type: 'string' },
    redact: { type: 'string', multiple: true },
  });
  if (parsed.positionals.length > 0) {
    throw badInput(
      `mcp: takes no file (got '${parsed.positionals[0]}'): the client names files in each call`,
    );
  }
  const config = llmConfigFrom(parsed, ctx.env);
  const redact = redactorFrom(listOption(parsed, 'redact'), (i) => `--redact #${i + 1}`);
  const { server, idle } = createMcpServer({
    settings: withDebugDefaults(settingsFrom(parsed, ctx.env, ctx.stderr)),
    ...(config ? { llm: llmClientFor(config, ctx.env) } : {}),
    ...(redact ? { redact } : {}),
    limits: limitsFrom(parsed),
    assets: ctx.assets,
    cwd: ctx.cwd,
  });
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    transport.onclose = resolve;
  });
  await server.connect(transport);
  // The client ends the session by closing our stdin: the calls it sent before are answered, then
  // the server closes. A signal closes it at once (a running child is killed by its own signal).
  process.stdin.once('end', () => void idle().then(() => server.close()));
  ctx.signal.addEventListener('abort', () => void server.close(), { once: true });
  await closed;
  return 0;
}
