// Redaction patterns as one function: every match becomes `***`. Faces read the patterns (the
// extension's ldb.redactPatterns, `ldb mcp --redact`) and apply the function to what leaves the
// machine. An invalid pattern is bad input: nothing may go out unredacted by mistake.
import { badInput } from './errors';

export type Redact = (text: string) => string;

/** Undefined when there are no patterns; `name(i)` says where pattern i came from, for the error. */
export function redactorFrom(patterns: readonly string[], name: (i: number) => string): Redact | undefined {
  if (patterns.length === 0) return undefined;
  const regexes = patterns.map((p, i) => {
    try {
      return new RegExp(p, 'g');
    } catch (e) {
      throw badInput(
        `${name(i)} is not a valid regular expression (${(e as Error).message}): nothing was sent`,
      );
    }
  });
  return (text) => regexes.reduce((t, re) => t.replace(re, '***'), text);
}

/** Every string inside a JSON value redacted (keys too), the structure kept. */
export function redactStrings<T>(value: T, redact: Redact): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return redact(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [redact(k), walk(x)]));
    }
    return v;
  };
  return walk(value) as T;
}
