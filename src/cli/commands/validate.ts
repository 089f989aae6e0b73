import * as fs from 'node:fs';
import * as path from 'node:path';
import { hasErrors, type CoreDiagnostic } from '../../core/diagnostics';
import { DEFAULT_MAX_PROBLEMS, validatePayload } from '../../core/moengage/validate';
import { formatHuman, formatOption, parseArgs, toJsonDiagnostic, UsageError, type CliCommand, type JsonDiagnostic } from '../io';

const HELP = `usage: moe-aep validate [--format human|json] [--max-problems N] <file>...

Checks MoEngage payload files (*.moe.json, *.moengage.json, *.moe.ndjson, any JSON or NDJSON):
JSON syntax, the payload schema (Streams batch or flat AEP event), timestamps, event codes,
campaign attributes, identities, duplicate event_uuid values and AEP request limits.

  --format human   file:line:col severity code message (1-based; default)
  --format json    one JSON array of {file, range, severity, code, message} (0-based positions)
  --max-problems N list at most N problems per file (default ${DEFAULT_MAX_PROBLEMS}; the rest are counted by code
                   in one moe.too-many-problems diagnostic); 0 lists them all

Exit status: 0 no errors (warnings allowed), 1 errors found, 2 bad usage or unreadable file.
Every diagnostic code is described in docs/diagnostics.md.
`;

/**
 * Reads bytes, not text, so binary files (NUL bytes) and invalid UTF-8 (decoded to U+FFFD) reach
 * the validator and get a located diagnostic instead of silently mangled characters.
 */
function readPayload(file: string, shown: string): string {
  let buf: Buffer;
  try {
    const st = fs.statSync(file);
    if (st.isDirectory()) throw new UsageError(`${shown}: is a directory, expected a payload file`);
    buf = fs.readFileSync(file);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    const err = e as NodeJS.ErrnoException;
    const why = err.code === 'ENOENT' ? 'no such file' : err.code === 'EACCES' ? 'permission denied' : err.message;
    throw new UsageError(`${shown}: cannot read (${why})`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(buf);
  } catch {
    throw new UsageError(`${shown}: too large to read as text (${(buf.length / 1024 / 1024).toFixed(0)} MB)`);
  }
}

const run: CliCommand = async (args, ctx) => {
  if (args.includes('--help') || args.includes('-h')) {
    ctx.stdout(HELP);
    return 0;
  }
  const { opts, positionals } = parseArgs(args, { format: 'string', 'max-problems': 'string' });
  const format = formatOption(opts.format);
  const rawMax = opts['max-problems'];
  const maxProblems = rawMax === undefined ? DEFAULT_MAX_PROBLEMS : Number(rawMax);
  if (!Number.isInteger(maxProblems) || maxProblems < 0) throw new UsageError(`--max-problems must be a whole number ≥ 0 (0 lists every problem), not "${String(rawMax)}"`);
  if (positionals.length === 0) throw new UsageError('no files given (usage: moe-aep validate [--format json] <file>...)');

  let unreadable = false;
  let errors = false;
  const json: JsonDiagnostic[] = [];
  const counts = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const file of positionals) {
    let text: string;
    try {
      text = readPayload(path.resolve(ctx.cwd, file), file);
    } catch (e) {
      if (!(e instanceof UsageError)) throw e;
      // Keep going: the other files still get checked; the exit status says something was unreadable.
      ctx.stderr(`moe-aep validate: ${e.message}\n`);
      unreadable = true;
      continue;
    }
    const diags: CoreDiagnostic[] = validatePayload(text, { fileName: file, maxProblems });
    errors ||= hasErrors(diags);
    for (const d of diags) {
      counts[d.severity]++;
      if (format === 'json') json.push(toJsonDiagnostic(file, d));
      else ctx.stdout(formatHuman(file, d) + '\n');
    }
  }
  if (format === 'json') ctx.stdout(JSON.stringify(json, null, 2) + '\n');
  else if (!unreadable)
    ctx.stderr(`${positionals.length} file${positionals.length === 1 ? '' : 's'} checked: ${counts.error} error(s), ${counts.warning} warning(s), ${counts.information} information\n`);
  return unreadable ? 2 : errors ? 1 : 0;
};
export default run;
