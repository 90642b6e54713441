// The files one run under pytest traces, segmented as the run reaches them: the program named
// before the run starts, any other file of the project when the plugin first meets one of its
// functions. At most `max` files (the maxProjectFiles setting); past it, a limit is reported.
import { realpathSync } from 'node:fs';
import { relative, sep } from 'node:path';
import type { LimitHit, SourceFile } from '../../../model';
import { isProjectFile, type ProjectScope } from './projectFiles';
import type { SegmentedFile } from './runItem';

function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

export class TracedFiles {
  /** Relative path (`/`-separated) -> the segmented file, in the order segmented. */
  readonly files = new Map<string, SourceFile>();
  private refused = 0;
  private readonly given = new Map<string, SourceFile>();
  private readonly scope: ProjectScope;

  constructor(
    scope: ProjectScope,
    private readonly max: number,
    private readonly read: (path: string) => Promise<SourceFile>,
  ) {
    // The plugin asks with real paths: the scope is compared in the same terms.
    this.scope = { root: realPath(scope.root), testFile: realPath(scope.testFile) };
  }

  get root(): string {
    return this.scope.root;
  }

  /** Whether the file is the project's own code (traced when the test reaches it). */
  owns(path: string): boolean {
    return isProjectFile(realPath(path), this.scope);
  }

  /** The program as the run imports it (a fix not yet written): segmented as given, not read. */
  preset(source: SourceFile): void {
    this.given.set(realPath(source.path), source);
  }

  /** The file segmented when it is the project's own and parses, else undefined. */
  async segment(path: string): Promise<SegmentedFile | undefined> {
    const real = realPath(path);
    if (!isProjectFile(real, this.scope)) return undefined;
    const rel = relative(this.scope.root, real).split(sep).join('/');
    const known = this.files.get(rel);
    if (known) return { rel, source: known };
    if (this.files.size >= this.max) {
      this.refused++;
      return undefined;
    }
    const source = this.given.get(real) ?? (await this.read(real));
    // A file with a syntax error cannot have been imported: none of its functions run.
    if (source.syntaxErrors.length > 0) return undefined;
    this.files.set(rel, source);
    return { rel, source };
  }

  /** The maxProjectFiles limit, when files past it were left untraced. */
  limitHit(): LimitHit | undefined {
    if (this.refused === 0) return undefined;
    return {
      limit: 'files',
      value: this.max,
      detail: `${this.refused} more project files reached were not traced (maxProjectFiles ${this.max})`,
    };
  }
}
