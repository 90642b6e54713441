// Module hooks (module.register) for a traced ES module: its URL loads the instrumented copy
// instead of the file, and its import of node:test gets the runtime's.
let target;

export function initialize(data) {
  target = data;
}

export async function resolve(specifier, context, next) {
  if ((specifier === 'node:test' || specifier === 'test') && context.parentURL === target.url)
    return { url: target.testUrl, shortCircuit: true };
  return next(specifier, context);
}

export async function load(url, context, next) {
  if (url === target.url) return { format: 'module', source: target.source, shortCircuit: true };
  return next(url, context);
}
