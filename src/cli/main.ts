// `ldb`: the command-line face of the core. Every failure we expect ends as one line on stderr and
// an exit code from the contract; a stack trace appears only with LDB_DEBUG=1.
import { isLdbError } from '../core/errors';
import { EXIT, exitCodeFor } from './exitCodes';
import type { CommandContext } from './context';
import type { HeadStart } from './headStart';
import { adoptCompiles } from '../core/parse/wasmFiles';
import { useCodeCache } from '../core/run/codeCache';
import { VERSION } from './version';

interface LoadedCommand {
  run: (ctx: CommandContext, argv: string[]) => Promise<number>;
  help: string;
}

interface Command {
  load: () => Promise<LoadedCommand>;
  summary: string;
}

// Commands load on demand: `ldb trace` must not pay at start-up for the HTTP client `ldb debug` needs.
const COMMANDS: Record<string, Command> = {
  trace: {
    load: () => import('./commands/trace.js').then((m) => ({ run: m.traceCommand, help: m.TRACE_HELP })),
    summary: 'run a test under the tracer and print the block-wise trace',
  },
  tests: {
    load: () => import('./commands/tests.js').then((m) => ({ run: m.testsCommand, help: m.TESTS_HELP })),
    summary: 'list the tests found in a file',
  },
  debug: {
    load: () => import('./commands/debug.js').then((m) => ({ run: m.debugCommand, help: m.DEBUG_HELP })),
    summary: 'the LDB loop: block verdicts from an LLM and a verified fix',
  },
  replay: {
    load: () => import('./commands/replay.js').then((m) => ({ run: m.replayCommand, help: m.REPLAY_HELP })),
    summary: 'print a saved debug session again, without a model',
  },
  mcp: {
    load: () => import('./commands/mcp.js').then((m) => ({ run: m.mcpCommand, help: m.MCP_HELP })),
    summary: 'a Model Context Protocol server on stdio for coding agents (tools: trace, tests)',
  },
  bench: {
    load: () => import('./commands/bench.js').then((m) => ({ run: m.benchCommand, help: m.BENCH_HELP })),
    summary: "LDB's evaluation on HumanEval / MBPP data (pass@1)",
  },
};

function usage(): string {
  const rows = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`);
  return `ldb ${VERSION}: debug LLM-written code with block-wise runtime traces (LDB)\n\nusage: ldb <command> [options]\n\n${rows.join('\n')}\n\nRun 'ldb <command> --help' for a command's options.\n`;
}

export async function runCli(ctx: CommandContext, argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? rest[0] : undefined;
    const command = topic !== undefined ? COMMANDS[topic] : undefined;
    ctx.stdout(command ? (await command.load()).help + '\n' : usage());
    return name === undefined ? EXIT.badInput : EXIT.ok;
  }
  if (name === '--version' || name === '-V') {
    ctx.stdout(`${VERSION}\n`);
    return EXIT.ok;
  }
  const entry = COMMANDS[name];
  if (!entry) {
    ctx.stderr(`ldb: unknown command '${name}': commands are ${Object.keys(COMMANDS).join(', ')}\n`);
    return EXIT.badInput;
  }
  try {
    const command = await entry.load();
    if (rest.includes('--help') || rest.includes('-h')) {
      ctx.stdout(command.help + '\n');
      return EXIT.ok;
    }
    return await command.run(ctx, rest);
  } catch (e) {
    if (isLdbError(e)) {
      ctx.stderr(`ldb: ${e.message}\n`);
      return exitCodeFor(e.reason);
    }
    const message = e instanceof Error ? e.message : String(e);
    ctx.stderr(
      `ldb: internal error: ${message.split('\n')[0]} (rerun with LDB_DEBUG=1 for details and report it)\n`,
    );
    if (ctx.env.LDB_DEBUG === '1' && e instanceof Error) ctx.stderr(`${e.stack}\n`);
    return EXIT.failure;
  }
}

/** What the launcher (launcher.ts) prepared before this bundle loaded. */
export interface Launch {
  controller: AbortController;
  head?: HeadStart;
  /** A short command: big scripts it loads come from V8's code cache (core/run/codeCache.ts). */
  codeCache?: boolean;
}

export async function main(launch: Launch): Promise<void> {
  if (launch.head) adoptCompiles(launch.head.compiles);
  if (launch.codeCache === true) useCodeCache('cli');
  const code = await runCli(
    {
      assets: { dir: __dirname },
      cwd: process.cwd(),
      env: process.env,
      stdout: (t) => process.stdout.write(t),
      stderr: (t) => process.stderr.write(t),
      signal: launch.controller.signal,
      isTty: process.stdout.isTTY === true,
      ...(launch.head ? { headStart: launch.head } : {}),
    },
    process.argv.slice(2),
  ).finally(() => launch.head?.release());
  // Let buffered output drain before exiting (a pipe may be slower than us).
  process.exitCode = code;
}
