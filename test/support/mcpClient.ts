// A real MCP client (the SDK's Client over stdio) connected to `node dist/cli.js mcp`, as an agent
// connects to it: optional roots, server flags, working directory and environment.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ListRootsRequestSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { DIST_DIR } from './paths';

export interface McpSession {
  client: Client;
  transport: StdioClientTransport;
}

export async function connect(opts: {
  cwd: string;
  roots?: string[];
  args?: string[];
  env?: Record<string, string>;
}): Promise<McpSession> {
  const client = new Client(
    { name: 'ldb-test', version: '1' },
    { capabilities: opts.roots ? { roots: { listChanged: true } } : {} },
  );
  if (opts.roots) {
    const roots = opts.roots;
    client.setRequestHandler(ListRootsRequestSchema, () => ({
      roots: roots.map((r) => ({ uri: pathToFileURL(r).href, name: r })),
    }));
  }
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [join(DIST_DIR, 'cli.js'), 'mcp', ...(opts.args ?? [])],
    cwd: opts.cwd,
    // The SDK passes only a few variables by default; no model settings leak in from the test's own.
    env: { ...getDefaultEnvironment(), ...opts.env },
    stderr: 'pipe',
  });
  await client.connect(transport);
  return { client, transport };
}

export async function call(
  client: Client,
  name: string,
  args: Record<string, unknown>,
): Promise<CallToolResult> {
  return (await client.callTool({ name, arguments: args })) as CallToolResult;
}

export function text(result: CallToolResult): string {
  return result.content.map((c) => (c.type === 'text' ? c.text : '')).join('');
}
