// Runs one test of a JavaScript / TypeScript file under the JavaScript runtime (runtime/, shipped
// as dist/javascript) in the sandbox: Node starts first and waits on stdin while the program is
// parsed and instrumented (instrument.ts), then gets {file, code, esm, limits, resultFd,
// resultToken}. The result comes on a pipe (fd 3) in frames signed with this run's token, as for
// Python; what a run that sent none means is told from how it ended.
import { accessSync, constants, existsSync, readFileSync, realpathSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import { badInput, LdbError } from '../../errors';
import type { SourceFile, TestCase } from '../../model';
import { loadParser } from '../../parse/treeSitter';
import { programEnv } from '../../run/env';
import { confinedCommand, decideIsolation, unwrapExit } from '../../run/isolation';
import { hardLimitsFor } from '../../run/rlimits';
import { runProcess } from '../../run/sandbox';
import { lastSignedFrame, newResultChannel } from '../../run/resultChannel';
import { parseWrittenResult, runResultOf, type WrittenResult } from '../../run/runResult';
import type { RuntimeStart, StartedRuntime } from '../support';
import { instrument } from './instrument';
import { stripTypes } from './stripTypes';

/** The runtime's files sit in this folder of the bundle's assets (scripts/build.mjs copies them). */
export const JS_RUNTIME_FOLDER = 'javascript';

const NODE_WORDS = { process: 'Node', stuckHint: 'a loop outside the traced functions?' };

/** The runtime's result, checked for its required fields; undefined when there is none. */
function readResult(channel: Buffer | undefined, token: string): WrittenResult | undefined {
  const text = lastSignedFrame(channel, token);
  return text === undefined ? undefined : parseWrittenResult(text); // undefined: killed before writing
}

/**
 * The Node that runs the program, as a real path (the program's environment is an allow-list and
 * an isolated run sees only the folders it is given). Default: the Node running LDB, unless that is
 * an editor's Electron, where `node` on PATH is meant.
 */
export function nodeExecutable(setting: string | undefined): string {
  const wanted = setting ?? (process.versions.electron === undefined ? process.execPath : 'node');
  const candidates =
    isAbsolute(wanted) || wanted.includes('/')
      ? [resolve(wanted)]
      : (process.env.PATH ?? '').split(delimiter).map((d) => join(d, wanted));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return realpathSync(candidate);
    } catch {
      // not this one
    }
  }
  throw badInput(`cannot run Node '${wanted}': not found (set --node or LDB_NODE)`);
}

export async function startJsRuntime(start: RuntimeStart, typescript: boolean): Promise<StartedRuntime> {
  const { settings } = start;
  const isolation = decideIsolation(settings.isolation);
  const node = nodeExecutable(settings.node);
  const dir = await mkdtemp(join(tmpdir(), 'ldb-run-'));
  const { fd: resultFd, token } = newResultChannel();
  let give!: (config: string) => void;
  let refuse!: (reason: Error) => void;
  const config = new Promise<string>((resolve, reject) => {
    give = resolve;
    refuse = reject;
  });
  const env = programEnv(process.env, { runDir: dir });
  // Options for Node itself (--require, --inspect) would change how the runtime runs, not the program.
  delete env.NODE_OPTIONS;
  const runtimeDir = join(start.assetsDir, JS_RUNTIME_FOLDER);
  const command = confinedCommand(
    isolation,
    // Node's own prefix (bin/node and lib/), the runtime, and the program's folders.
    {
      readOnly: [dirname(dirname(node)), runtimeDir, ...(start.readable ?? [])],
      runDir: dir,
      maxProcesses: settings.maxProcesses,
      // Node cannot set its own: file size, open files, CPU, processes, set before it starts.
      hardLimits: hardLimitsFor(settings),
    },
    node,
    [
      `--max-old-space-size=${Math.max(16, Math.floor(settings.memoryBytes / (1024 * 1024)))}`,
      join(runtimeDir, 'ldb_js_run.cjs'),
    ],
  );
  const proc = runProcess({
    ...command,
    cwd: dir,
    env,
    timeoutMs: settings.timeoutMs + settings.killGraceMs,
    maxStdoutBytes: settings.maxStdoutBytes,
    maxStderrBytes: settings.maxStderrBytes,
    stdin: config,
    resultChannelBytes: 2 * settings.maxTraceBytes + 1024 * 1024,
    ...(start.signal ? { signal: start.signal } : {}),
  });
  const cleanUp = () => rm(dir, { recursive: true, force: true, maxRetries: 2 }).catch(() => undefined);
  const settled = proc.then(cleanUp, cleanUp);
  return {
    async run({ source, test, traced }) {
      try {
        const prepared = await prepare(source, test, traced, start.assetsDir, typescript);
        give(
          JSON.stringify({
            file: resolve(source.path),
            code: prepared.code,
            esm: prepared.esm,
            limits: {
              timeoutMs: settings.timeoutMs,
              maxValueLength: settings.maxValueLength,
              maxVisits: settings.maxVisits,
              maxEvents: settings.maxEvents,
              maxTraceBytes: settings.maxTraceBytes,
            },
            resultFd,
            resultToken: token,
          }),
        );
      } catch (e) {
        refuse(new Error('no program to run'));
        await settled;
        throw e;
      }
      try {
        const done = unwrapExit(isolation, await proc);
        if (done.cancelled) throw new LdbError('cancelled', 'the test run was cancelled');
        return { ...runResultOf(readResult(done.channel, token), done, settings, NODE_WORDS), isolation };
      } finally {
        await settled;
      }
    },
    cancel() {
      refuse(new Error('no program to run'));
    },
  };
}

async function prepare(
  source: SourceFile,
  test: TestCase,
  traced: boolean,
  assetsDir: string,
  typescript: boolean,
): Promise<{ code: string; esm: boolean }> {
  const grammar = /\.tsx$/i.test(source.path) ? 'tsx' : typescript ? 'typescript' : 'javascript';
  const parser = await loadParser(grammar, assetsDir);
  const tree = parser.parse(source.text);
  if (!tree) throw new Error('tree-sitter returned no tree');
  let code: string;
  let esm: boolean;
  try {
    code = instrument(tree.rootNode, parser, source, test, traced).code;
    esm = isEsm(
      source.path,
      tree.rootNode.namedChildren.some(
        (c) => c?.type === 'import_statement' || c?.type === 'export_statement',
      ),
    );
  } finally {
    tree.delete();
  }
  if (typescript) code = stripTypes(code, source.path, assetsDir);
  return { code, esm };
}

/**
 * Whether Node would load the file as an ES module: by its extension, else by the nearest
 * package.json's "type", else (a loose .js file) by whether it imports or exports.
 */
export function isEsm(file: string, hasModuleSyntax: boolean): boolean {
  const lower = file.toLowerCase();
  if (/\.m[jt]s$/.test(lower)) return true;
  if (/\.c[jt]s$/.test(lower)) return false;
  for (let dir = dirname(resolve(file)); ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        const type = (JSON.parse(readFileSync(manifest, 'utf8')) as { type?: unknown }).type;
        if (type === 'module') return true;
        if (type === 'commonjs') return false;
      } catch {
        // an unreadable package.json says nothing
      }
      break;
    }
    if (dirname(dir) === dir) break;
  }
  return hasModuleSyntax;
}
