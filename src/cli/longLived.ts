// Commands that run for minutes or as servers: worth V8's optimizing compilers (see shortCommandV8.ts).
export const LONG_LIVED_COMMANDS: readonly string[] = ['mcp', 'bench'];
