// Injected by esbuild from package.json (define), so `ldb --version` needs no file read at start.
declare const LDB_VERSION: string | undefined;
export const VERSION: string = typeof LDB_VERSION === 'string' ? LDB_VERSION : '0.0.0-dev';
