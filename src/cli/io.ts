import * as fs from 'node:fs';
import type { CoreDiagnostic } from '../core/diagnostics';

/** Exit code 2: the command line or an input file is unusable. Printed as one clear line, never a stack. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface CliContext {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Aborted on SIGINT/SIGTERM so long commands (send, emulator) stop cleanly. */
  signal: AbortSignal;
}

export type CliCommand = (args: string[], ctx: CliContext) => Promise<number>;

export type OutputFormat = 'human' | 'json';

/**
 * A tiny, strict option parser: `--flag`, `--opt value`, `--opt=value`; unknown options are a
 * usage error (exit 2) rather than silently ignored.
 */
export function parseArgs(
  args: string[],
  spec: Record<string, 'boolean' | 'string' | 'string[]'>,
): { opts: Record<string, string | boolean | string[] | undefined>; positionals: string[] } {
  const opts: Record<string, string | boolean | string[] | undefined> = {};
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
      const kind = spec[name];
      if (!kind) throw new UsageError(`unknown option --${name}`);
      if (kind === 'boolean') {
        if (eq >= 0) throw new UsageError(`option --${name} takes no value`);
        opts[name] = true;
        continue;
      }
      let value: string | undefined = eq >= 0 ? a.slice(eq + 1) : args[++i];
      if (value === undefined) throw new UsageError(`option --${name} needs a value`);
      if (kind === 'string[]') opts[name] = [...((opts[name] as string[] | undefined) ?? []), value];
      else opts[name] = value;
      continue;
    }
    positionals.push(a);
  }
  return { opts, positionals };
}

export function formatOption(v: unknown): OutputFormat {
  if (v === undefined) return 'human';
  if (v === 'json' || v === 'human') return v;
  throw new UsageError(`--format must be "json" or "human", not "${String(v)}"`);
}

/** Reads a file for a command; unreadable files are a usage error (exit 2) with the OS reason. */
export function readInputFile(file: string): string {
  try {
    const st = fs.statSync(file);
    if (st.isDirectory()) throw new UsageError(`${file}: is a directory, expected a file`);
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof UsageError) throw e;
    const err = e as NodeJS.ErrnoException;
    const why = err.code === 'ENOENT' ? 'no such file' : err.code === 'EACCES' ? 'permission denied' : err.message;
    throw new UsageError(`${file}: cannot read (${why})`);
  }
}

/** `file:line:col severity code message`, 1-based, one line per diagnostic (the compiler-style form editors link). */
export function formatHuman(file: string, d: CoreDiagnostic): string {
  return `${file}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.severity} ${d.code} ${d.message}`;
}

export interface JsonDiagnostic {
  file: string;
  range: CoreDiagnostic['range'];
  severity: CoreDiagnostic['severity'];
  code: string;
  message: string;
}

export function toJsonDiagnostic(file: string, d: CoreDiagnostic): JsonDiagnostic {
  return { file, range: d.range, severity: d.severity, code: d.code, message: d.message };
}
