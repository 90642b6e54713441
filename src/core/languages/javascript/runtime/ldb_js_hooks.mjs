// Module hooks (module.register) for a traced program with ES modules: the program's ES modules
// load their instrumented copies, its CommonJS files go to the CommonJS loader (which compiles
// their copies: ldb_js_load.cjs), specifiers the parent resolved (`./x.js` naming `x.ts`) resolve
// as it said, and the main file's import of node:test gets the runtime's. Hooks started before the
// program was known (ldb_js_load.cjs, startHooksEarly) get their data later, on a port: every
// resolve and load waits for it.

/**
 * @typedef {{
 *   mainUrl: string;
 *   testUrl: string;
 *   sources: Record<string, string>;
 *   commonJs: string[];
 *   resolved: Record<string, Record<string, string>>;
 * }} HookData
 * @typedef {{ port: import('node:worker_threads').MessagePort }} LateData
 * @typedef {{ url: string, format?: string | null, shortCircuit?: boolean }} Resolved
 * @typedef {{ format: string, source?: string | null, shortCircuit?: boolean }} Loaded
 */

/** @type {HookData} */
let target;
/** @type {Set<string>} */
let commonJs;
/** @type {Promise<void> | undefined} */
let given;

/** @param {HookData} data */
function take(data) {
  target = data;
  commonJs = new Set(data.commonJs);
}

/** @param {HookData | LateData} data */
export function initialize(data) {
  if (!('port' in data)) return take(data);
  const { port } = data;
  given = new Promise((resolve) =>
    port.once('message', (/** @type {HookData} */ late) => {
      take(late);
      port.close();
      resolve();
    }),
  );
}

/**
 * @param {string} specifier
 * @param {{ parentURL?: string }} context
 * @param {(specifier: string, context: object) => Promise<Resolved>} next
 * @returns {Promise<Resolved>}
 */
export async function resolve(specifier, context, next) {
  if (given !== undefined) await given;
  const parent = context.parentURL;
  if ((specifier === 'node:test' || specifier === 'test') && parent === target.mainUrl)
    return { url: target.testUrl, shortCircuit: true };
  const named = parent === undefined ? undefined : target.resolved[parent]?.[specifier];
  if (named !== undefined) return { url: named, shortCircuit: true };
  return next(specifier, context);
}

/**
 * @param {string} url
 * @param {object} context
 * @param {(url: string, context: object) => Promise<Loaded>} next
 * @returns {Promise<Loaded>}
 */
export async function load(url, context, next) {
  if (given !== undefined) await given;
  const source = target.sources[url];
  if (source !== undefined) return { format: 'module', source, shortCircuit: true };
  if (commonJs.has(url)) return { format: 'commonjs', source: null, shortCircuit: true };
  return next(url, context);
}
