// How the JavaScript runtime gets the program it runs: program.ts prepares it (parse, instrument,
// erase types), and the runtime started by the CLI's launcher (start.ts), which is compiled into
// the launcher's own small bundle without any of that, must use the CLI bundle's program.ts, the
// one whose tree-sitter is already loaded, not a second copy. program.ts puts its function here,
// in a slot of the process's global object under a registered symbol that both bundles name, when
// it loads; the runtime takes it when its program is asked for, by which time the CLI has loaded.
import type { SourceFile, TestCase } from '../../model';
import type { InstrumentOptions } from './instrument';

/** One file as the runtime loads it (runtime/ldb_js_types.d.ts, ProgramFile). */
export interface ProgramFile {
  file: string;
  code: string;
  esm: boolean;
  /** The sandbox shows `code` at `file` (process.ts): the runtime imports the file as it is. */
  shown?: boolean;
}

/** The part of the runtime's config that is the program (runtime/ldb_js_types.d.ts, Config). */
export interface JsProgram {
  main: ProgramFile;
  modules: ProgramFile[];
  resolve: Record<string, Record<string, string>>;
  rel: Record<string, string>;
}

export interface ProgramRequest {
  main: SourceFile;
  /** The test appended to the main file; absent: the file runs as a module would. */
  test?: TestCase;
  mainOptions: InstrumentOptions;
  /**
   * How each imported file is copied: traced (with its relative path) or as it is; undefined
   * copies it as it is. `read` gives the file segmented (needed to trace it).
   */
  moduleOptions?: (path: string) => InstrumentOptions | undefined;
  read?: (path: string) => Promise<SourceFile>;
  /** Files as a fix changed them (absolute path -> text), read instead of the disk. */
  overlay?: ReadonlyMap<string, string>;
  maxFiles: number;
  assetsDir: string;
}

export type PrepareProgram = (
  req: ProgramRequest,
) => Promise<{ program: JsProgram; modules: Map<string, SourceFile> }>;

const SLOT = Symbol.for('ldb.javascript.prepareProgram');
const slots = globalThis as unknown as Record<symbol, PrepareProgram | undefined>;

export function providePreparer(prepare: PrepareProgram): void {
  slots[SLOT] = prepare;
}

export function preparer(): PrepareProgram {
  const prepare = slots[SLOT];
  if (prepare === undefined) throw new Error('internal: the JavaScript program preparer is not loaded');
  return prepare;
}
