// Argument parsing on node:util's parseArgs (no dependency): typed options per command, unknown
// flags and bad values become one-line bad-input errors that say what to do.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { badInput } from '../core/errors';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface Parsed {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

export function parseCommandArgs(command: string, argv: string[], options: OptionSpec): Parsed {
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    return { values: values as Parsed['values'], positionals };
  } catch (e) {
    const message = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw badInput(`${command}: ${message.replace(/\.$/, '')} (see 'ldb ${command} --help')`);
  }
}

export function stringOption(parsed: Parsed, name: string): string | undefined {
  const v = parsed.values[name];
  return typeof v === 'string' ? v : undefined;
}

export function listOption(parsed: Parsed, name: string): string[] {
  const v = parsed.values[name];
  return Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
}

export function flag(parsed: Parsed, name: string): boolean {
  return parsed.values[name] === true;
}

export function intOption(parsed: Parsed, name: string, min: number): number | undefined {
  const raw = stringOption(parsed, name);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min)
    throw badInput(`--${name} needs a whole number >= ${min}, got '${raw}'`);
  return n;
}

export function oneOf<T extends string>(parsed: Parsed, name: string, allowed: readonly T[]): T | undefined {
  const raw = stringOption(parsed, name);
  if (raw === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw badInput(`--${name} must be one of ${allowed.join(', ')}, got '${raw}'`);
  }
  return raw as T;
}

export function singlePositional(command: string, parsed: Parsed, what: string): string {
  if (parsed.positionals.length !== 1) {
    throw badInput(
      `${command}: expected one ${what}, got ${parsed.positionals.length} (see 'ldb ${command} --help')`,
    );
  }
  return parsed.positionals[0];
}
