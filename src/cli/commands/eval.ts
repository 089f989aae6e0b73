import * as fs from 'node:fs';
import { compileExpression, DataPrepEvalError, toXdmValue, type ExprError } from '../../core/dataprep';
import type { CoreDiagnostic } from '../../core/diagnostics';
import { LineIndex } from '../../core/text/lineIndex';
import { formatHuman, formatOption, parseArgs, readInputFile, toJsonDiagnostic, UsageError, type CliCommand } from '../io';

const HELP = `usage: moe-aep eval '<expression>' [--input <payload.json>] [--now <iso>] [--format human|json]

Evaluates one Data Prep expression and prints the resulting JSON value (as it would be written into XDM).
Field references resolve against --input (a JSON file, or - for stdin); without it they are null.

  --input <file>     JSON record the field references read (e.g. one MoEngage event)
  --now <iso>        pin now()/timestamp(), e.g. 2024-01-01T00:00:00Z
  --format json      print {"value": …} or {"diagnostics": […]} instead of text

exit codes: 0 ok, 1 invalid expression or evaluation error, 2 usage error
example: moe-aep eval 'dformat(time * 1000, "yyyy-MM-dd'"'"'T'"'"'HH:mm:ssX")' --input event.json
`;

const FILE = '<expr>';

function toDiagnostic(index: LineIndex, e: ExprError): CoreDiagnostic {
  return { range: { start: index.positionAt(e.start), end: index.positionAt(e.end) }, severity: 'error', code: e.code, message: e.message, source: 'moe-aep.dataprep' };
}

/** The expression line with carets under the failing characters, like a compiler. */
function caret(text: string, index: LineIndex, e: ExprError): string {
  const s = index.positionAt(e.start);
  const end = index.positionAt(e.end);
  const line = text.split(/\r\n|\r|\n/)[s.line] ?? '';
  const width = end.line === s.line ? Math.max(1, end.character - s.character) : Math.max(1, line.length - s.character);
  return `  ${line}\n  ${' '.repeat(s.character)}^${'~'.repeat(width - 1)}`;
}

function readRecord(file: string): unknown {
  const text = file === '-' ? fs.readFileSync(0, 'utf8') : readInputFile(file);
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new UsageError(`${file}: not valid JSON (${(e as Error).message})`);
  }
}

const run: CliCommand = async (args, ctx) => {
  const { opts, positionals } = parseArgs(args, { input: 'string', now: 'string', format: 'string', help: 'boolean' });
  if (opts.help) {
    ctx.stdout(HELP);
    return 0;
  }
  const format = formatOption(opts.format);
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? "missing the expression; usage: moe-aep eval '<expression>' [--input file.json]" : `expected one expression, got ${positionals.length} arguments; quote the expression`);
  const text = positionals[0];
  let now: Date | undefined;
  if (typeof opts.now === 'string') {
    now = new Date(opts.now);
    if (Number.isNaN(now.getTime())) throw new UsageError(`--now "${opts.now}" is not a date; use ISO 8601 such as 2024-01-01T00:00:00Z`);
  }
  const record = typeof opts.input === 'string' ? readRecord(opts.input) : {};
  const index = new LineIndex(text);
  const report = (errs: ExprError[], note?: string): number => {
    if (format === 'json') {
      ctx.stdout(JSON.stringify({ diagnostics: errs.map((e) => toJsonDiagnostic(FILE, toDiagnostic(index, e))) }, null, 2) + '\n');
    } else {
      for (const e of errs) ctx.stderr(`${formatHuman(FILE, toDiagnostic(index, e))}\n${caret(text, index, e)}\n`);
      if (note) ctx.stderr(note + '\n');
    }
    return 1;
  };
  const compiled = compileExpression(text);
  if (compiled.errors.length) return report(compiled.errors);
  let value: unknown;
  try {
    const fixed = now;
    value = compiled.evaluate(record, fixed ? { now: () => fixed } : undefined);
  } catch (e) {
    if (!(e instanceof DataPrepEvalError)) throw e;
    // §5.1 (home.md): a transformation error nulls this attribute; the rest of the row is still ingested.
    return report([{ code: e.code, message: e.message, start: e.start, end: e.end }], 'note: in AEP this attribute would be set to null and the rest of the row ingested.');
  }
  const out = toXdmValue(value);
  ctx.stdout((format === 'json' ? JSON.stringify({ value: out }, null, 2) : JSON.stringify(out, null, 2)) + '\n');
  return 0;
};
export default run;
