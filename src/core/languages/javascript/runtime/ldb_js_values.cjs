// Bounded, cycle-safe, never-failing previews of values for the trace. Nothing here runs user
// code: no getters (own data properties only, read through their descriptors), no toString or
// Symbol.toPrimitive, no iteration protocol of user objects (Map and Set contents are read with
// the built-in iterators), and proxies are not looked into (a trap is user code).
'use strict';
const { types } = require('node:util');

const MAX_DEPTH = 3;
const mapEntries = Function.prototype.call.bind(Map.prototype.entries);
const setValues = Function.prototype.call.bind(Set.prototype.values);
const mapSize = Function.prototype.call.bind(Object.getOwnPropertyDescriptor(Map.prototype, 'size').get);
const setSize = Function.prototype.call.bind(Object.getOwnPropertyDescriptor(Set.prototype, 'size').get);
const dateTime = Function.prototype.call.bind(Date.prototype.getTime);
const regexpText = Function.prototype.call.bind(RegExp.prototype.toString);

function grouped(n) {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A string literal as JavaScript prints it, the middle elided past `limit` characters. */
function quote(s, limit) {
  const body = (t) =>
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

function className(v) {
  let proto;
  try {
    proto = Object.getPrototypeOf(v);
  } catch {
    return '?';
  }
  if (proto === null) return '[Object: null prototype]';
  const ctor = Object.getOwnPropertyDescriptor(proto, 'constructor');
  const fn = ctor && 'value' in ctor ? ctor.value : undefined;
  const name = typeof fn === 'function' ? Object.getOwnPropertyDescriptor(fn, 'name') : undefined;
  return name && typeof name.value === 'string' ? name.value : '';
}

/** Items rendered within a budget: head items, then `...(N more items)...` and tail items. */
function items(rendered, total, budget) {
  const out = [];
  let used = 0;
  let i = 0;
  for (; i < rendered.length; i++) {
    const text = rendered[i]();
    if (used + text.length > budget * 0.6 && out.length > 0 && i < total - 1) break;
    out.push(text);
    used += text.length + 2;
  }
  if (i >= total) return out.join(', ');
  const rest = total - i;
  const tail = [];
  for (let j = total - 1; j >= i && tail.length < 2; j--) {
    const text = rendered[j] ? rendered[j]() : undefined;
    if (text === undefined || used + text.length > budget) break;
    tail.unshift(text);
    used += text.length;
  }
  const more = rest - tail.length;
  return [...out, `...(${grouped(more)} more items)...`, ...tail].join(', ');
}

function render(v, limit, depth, seen) {
  const p = primitive(v, limit);
  if (p !== undefined) return p;
  if (v === null) return 'null';
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
    const inner = (x) => () => render(x, Math.max(8, limit >> 1), depth + 1, seen);
    if (Array.isArray(v)) {
      const n = v.length;
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
      const thunks = [];
      for (let i = 0; i < Math.min(n, limit); i++) thunks.push(inner(v[i]));
      if (n > limit) for (let i = n - 2; i < n; i++) thunks[i] = inner(v[i]);
      return `${name}(${n}) [${items(thunks, n, limit)}]`;
    }
    if (types.isMap(v)) {
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
    return `<preview failed: ${e && e.name}>`;
  } finally {
    seen.delete(v);
  }
}

/** At most about `limit` characters: the head and the tail of longer ones are kept. */
function preview(v, limit) {
  let text;
  try {
    text = render(v, limit, 0, new Set());
  } catch (e) {
    return '<preview failed>';
  }
  if (text.length <= limit + 30) return text;
  const keep = Math.max(4, Math.floor((limit - 24) / 2));
  return `${text.slice(0, keep)}...(${grouped(text.length - 2 * keep)} more chars)...${text.slice(-keep)}`;
}

module.exports = { preview };
