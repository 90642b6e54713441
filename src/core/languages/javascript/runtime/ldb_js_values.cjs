// Bounded, cycle-safe, never-failing previews of values for the trace. Nothing here runs user
// code: no getters (own data properties only, read through their descriptors), no toString or
// Symbol.toPrimitive, no iteration protocol of user objects (Map and Set contents are read with
// the built-in iterators), and proxies are not looked into (a trap is user code).
'use strict';
const { types } = require('node:util');

const MAX_DEPTH = 3;
// The built-ins' own methods, called on the value: a user subclass cannot override them.
/* eslint-disable @typescript-eslint/unbound-method -- taken unbound on purpose, called with the value as `this` */
/** @type {(m: Map<unknown, unknown>) => IterableIterator<[unknown, unknown]>} */
const mapEntries = Function.prototype.call.bind(Map.prototype.entries);
/** @type {(s: Set<unknown>) => IterableIterator<unknown>} */
const setValues = Function.prototype.call.bind(Set.prototype.values);
/** @type {(m: Map<unknown, unknown>) => number} */
const mapSize = Function.prototype.call.bind(
  /** @type {() => number} */ (Object.getOwnPropertyDescriptor(Map.prototype, 'size')?.get),
);
/** @type {(s: Set<unknown>) => number} */
const setSize = Function.prototype.call.bind(
  /** @type {() => number} */ (Object.getOwnPropertyDescriptor(Set.prototype, 'size')?.get),
);
/** @type {(d: Date) => number} */
const dateTime = Function.prototype.call.bind(Date.prototype.getTime);
/** @type {(r: RegExp) => string} */
const regexpText = Function.prototype.call.bind(RegExp.prototype.toString);
/* eslint-enable @typescript-eslint/unbound-method */

/** @param {number} n */
function grouped(n) {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * A string literal as JavaScript prints it, the middle elided past `limit` characters.
 * @param {string} s
 * @param {number} limit
 */
function quote(s, limit) {
  const body = (/** @type {string} */ t) =>
    t
      .replace(/\\/g, '\\\\')
      .replace(/'/g, "\\'")
      .replace(/\n/g, '\\n')
      .replace(/\r/g, '\\r')
      .replace(/\t/g, '\\t');
  if (s.length <= limit) return `'${body(s)}'`;
  const keep = Math.max(4, Math.floor((limit - 20) / 2));
  return `'${body(s.slice(0, keep))}...(${grouped(s.length - 2 * keep)} more chars)...${body(s.slice(-keep))}'`;
}

/**
 * @param {unknown} v
 * @param {number} limit
 * @returns {string | undefined}
 */
function primitive(v, limit) {
  switch (typeof v) {
    case 'string':
      return quote(v, limit);
    case 'number':
      return Object.is(v, -0) ? '-0' : String(v);
    case 'bigint':
      return `${v}n`;
    case 'boolean':
      return String(v);
    case 'undefined':
      return 'undefined';
    case 'symbol':
      return `Symbol(${v.description ?? ''})`;
    default:
      return undefined;
  }
}

/**
 * @param {object} v
 * @returns {string}
 */
function className(v) {
  /** @type {object | null} */
  let proto;
  try {
    proto = Reflect.getPrototypeOf(v);
  } catch {
    return '?';
  }
  if (proto === null) return '[Object: null prototype]';
  const ctor = Object.getOwnPropertyDescriptor(proto, 'constructor');
  /** @type {unknown} */
  const fn = ctor && 'value' in ctor ? ctor.value : undefined;
  const name = typeof fn === 'function' ? Object.getOwnPropertyDescriptor(fn, 'name') : undefined;
  return name && typeof name.value === 'string' ? name.value : '';
}

/**
 * Items rendered within a budget: head items, then `...(N more items)...` and tail items.
 * @param {((() => string) | undefined)[]} rendered one thunk per item, missing ones past the head
 * @param {number} total
 * @param {number} budget
 */
function items(rendered, total, budget) {
  const out = [];
  let used = 0;
  let i = 0;
  for (; i < rendered.length; i++) {
    const thunk = rendered[i];
    if (thunk === undefined) break;
    const text = thunk();
    if (used + text.length > budget * 0.6 && out.length > 0 && i < total - 1) break;
    out.push(text);
    used += text.length + 2;
  }
  if (i >= total) return out.join(', ');
  const rest = total - i;
  const tail = [];
  for (let j = total - 1; j >= i && tail.length < 2; j--) {
    const thunk = rendered[j];
    const text = thunk ? thunk() : undefined;
    if (text === undefined || used + text.length > budget) break;
    tail.unshift(text);
    used += text.length;
  }
  const more = rest - tail.length;
  return [...out, `...(${grouped(more)} more items)...`, ...tail].join(', ');
}

/**
 * @param {unknown} v
 * @param {number} limit
 * @param {number} depth
 * @param {Set<unknown>} seen
 * @returns {string}
 */
function render(v, limit, depth, seen) {
  const p = primitive(v, limit);
  if (p !== undefined) return p;
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'function') {
    const name = Object.getOwnPropertyDescriptor(v, 'name');
    const n = name && typeof name.value === 'string' && name.value ? name.value : '(anonymous)';
    return `[Function: ${n}]`;
  }
  if (types.isProxy(v)) return '<Proxy>';
  if (seen.has(v)) return '[Circular]';
  const name = className(v);
  if (depth > MAX_DEPTH) return Array.isArray(v) ? '[Array]' : `[${name || 'Object'}]`;
  seen.add(v);
  try {
    const inner = (/** @type {unknown} */ x) => () => render(x, Math.max(8, limit >> 1), depth + 1, seen);
    if (Array.isArray(v)) {
      const n = v.length;
      /** @type {(() => string)[]} */
      const thunks = [];
      const count = Math.min(n, limit);
      for (let i = 0; i < count; i++) {
        const d = Object.getOwnPropertyDescriptor(v, i);
        thunks.push(d ? ('value' in d ? inner(d.value) : () => '[Getter]') : () => '<empty>');
      }
      if (n > count)
        for (let i = n - 2; i < n; i++) {
          const d = Object.getOwnPropertyDescriptor(v, i);
          thunks[i] = d && 'value' in d ? inner(d.value) : () => '<empty>';
        }
      return `${name && name !== 'Array' ? `${name}(${n}) ` : ''}[${items(thunks, n, limit)}]`;
    }
    if (types.isTypedArray(v)) {
      const n = v.length;
      /** @type {(() => string)[]} */
      const thunks = [];
      for (let i = 0; i < Math.min(n, limit); i++) thunks.push(inner(v[i]));
      if (n > limit) for (let i = n - 2; i < n; i++) thunks[i] = inner(v[i]);
      return `${name}(${n}) [${items(thunks, n, limit)}]`;
    }
    if (types.isMap(v)) {
      /** @type {(() => string)[]} */
      const thunks = [];
      let k = 0;
      for (const [key, value] of mapEntries(v)) {
        if (k++ >= limit) break;
        thunks.push(
          () =>
            `${render(key, limit >> 1, depth + 1, seen)} => ${render(value, limit >> 1, depth + 1, seen)}`,
        );
      }
      const n = mapSize(v);
      return `Map(${n}) {${items(thunks, Math.min(n, thunks.length), limit)}${n > thunks.length ? ', ...' : ''}}`;
    }
    if (types.isSet(v)) {
      /** @type {(() => string)[]} */
      const thunks = [];
      let k = 0;
      for (const value of setValues(v)) {
        if (k++ >= limit) break;
        thunks.push(inner(value));
      }
      const n = setSize(v);
      return `Set(${n}) {${items(thunks, Math.min(n, thunks.length), limit)}${n > thunks.length ? ', ...' : ''}}`;
    }
    if (types.isDate(v)) {
      const t = dateTime(v);
      return Number.isNaN(t) ? 'Invalid Date' : new Date(t).toISOString();
    }
    if (types.isRegExp(v)) return regexpText(v);
    if (types.isPromise(v)) return 'Promise {...}';
    if (types.isNativeError(v) || v instanceof Error) {
      const m = Object.getOwnPropertyDescriptor(v, 'message');
      const message = m && typeof m.value === 'string' ? m.value : '';
      return `${name || 'Error'}: ${message.length > limit ? message.slice(0, limit) + '...' : message}`;
    }
    if (types.isWeakMap(v) || types.isWeakSet(v)) return `${name} { <items unknown> }`;
    const keys = Object.keys(v);
    const thunks = keys.slice(0, limit).map((key) => {
      const d = Object.getOwnPropertyDescriptor(v, key);
      const label = /^[A-Za-z_$][\w$]*$/.test(key) ? key : quote(key, 40);
      if (!d) return () => `${label}: <deleted>`;
      if (!('value' in d))
        return () => `${label}: [${d.get && d.set ? 'Getter/Setter' : d.get ? 'Getter' : 'Setter'}]`;
      return () => `${label}: ${render(d.value, Math.max(8, limit >> 1), depth + 1, seen)}`;
    });
    const body =
      keys.length === 0
        ? '{}'
        : `{${items(thunks, Math.min(keys.length, thunks.length), limit)}${keys.length > thunks.length ? ', ...' : ''}}`;
    return name === 'Object' ? body : `${name || 'Object'} ${body}`;
  } catch (e) {
    return `<preview failed: ${e instanceof Error ? e.name : typeof e}>`;
  } finally {
    seen.delete(v);
  }
}

/**
 * At most about `limit` characters: the head and the tail of longer ones are kept.
 * @param {unknown} v
 * @param {number} limit
 * @returns {string}
 */
function preview(v, limit) {
  let text;
  try {
    text = render(v, limit, 0, new Set());
  } catch {
    return '<preview failed>';
  }
  if (text.length <= limit + 30) return text;
  const keep = Math.max(4, Math.floor((limit - 24) / 2));
  return `${text.slice(0, keep)}...(${grouped(text.length - 2 * keep)} more chars)...${text.slice(-keep)}`;
}

module.exports = { preview };
