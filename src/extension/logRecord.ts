// The output channel, with the last lines LDB wrote to it kept in memory: the host tests read them
// through the test API (VS Code gives an extension no way to read an output channel back).
import { format } from 'node:util';
import type * as vscode from 'vscode';

/** Lines kept: enough for one test's runs, little memory. */
const KEEP = 300;
const LEVELS = new Set(['trace', 'debug', 'info', 'warn', 'error']);

export interface RecordedLog {
  log: vscode.LogOutputChannel;
  /** `info: ...`, oldest first. */
  lines: string[];
}

export function recordedLog(channel: vscode.LogOutputChannel): RecordedLog {
  const lines: string[] = [];
  const log = new Proxy(channel, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => unknown;
      if (typeof prop !== 'string' || !LEVELS.has(prop)) return method.bind(target);
      return (...args: unknown[]) => {
        lines.push(`${prop}: ${format(...args.map((a) => (a instanceof Error ? a.message : a)))}`);
        if (lines.length > KEEP) lines.splice(0, lines.length - KEEP);
        return method.apply(target, args);
      };
    },
  });
  return { log, lines };
}
