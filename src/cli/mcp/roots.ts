// The folders an MCP client lets the server read: its roots (asked once, asked again when it says
// they changed). A client without roots, or with none to give, gets the server's working directory.
import { fileURLToPath } from 'node:url';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { RootsListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';

export class AllowedFolders {
  private cached: Promise<string[]> | undefined;

  constructor(
    private readonly server: Server,
    private readonly cwd: string,
  ) {
    server.setNotificationHandler(RootsListChangedNotificationSchema, () => {
      this.cached = undefined;
    });
  }

  get(): Promise<string[]> {
    this.cached ??= this.fetch().catch(() => {
      this.cached = undefined;
      return [this.cwd];
    });
    return this.cached;
  }

  private async fetch(): Promise<string[]> {
    if (!this.server.getClientCapabilities()?.roots) return [this.cwd];
    const { roots } = await this.server.listRoots();
    const folders = roots.filter((r) => r.uri.startsWith('file://')).map((r) => fileURLToPath(r.uri));
    return folders.length > 0 ? folders : [this.cwd];
  }
}
