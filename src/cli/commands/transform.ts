import * as path from 'node:path';
import { hasErrors, InputError, sortDiagnostics, type CoreDiagnostic } from '../../core/diagnostics';
import { checkMapping, compileMapping, readMappingDocument, rowDiagnosticRange, splitPayload, transformErrorDiagnostic, transformPayload } from '../../core/mapping';
import { LineIndex } from '../../core/text/lineIndex';
import { loadXdmSchema, readRefFromDirectory, type XdmSchema } from '../../core/xdm';
import { formatHuman, formatOption, parseArgs, readInputFile, toJsonDiagnostic, UsageError, type CliCommand, type JsonDiagnostic } from '../io';

const HELP = `usage: moe-aep transform --mapping <file.mapping.csv|.json> [--schema <xdm.json>] [--format human|json] [--now <iso>] <payload>

Runs a Data Prep mapping on every event of a MoEngage payload (flat, batch "events", array or NDJSON)
and prints the XDM: one object for one event, an array for several.
With --schema the result is validated like AEP's streaming validation.

Exit codes: 0 valid, 1 mapping or result invalid (diagnostics on stderr as file:line:col severity code message), 2 usage.
`;

interface Located {
  file: string;
  d: CoreDiagnostic;
}

const run: CliCommand = async (args, ctx) => {
  if (args.includes('--help') || args.includes('-h')) {
    ctx.stdout(HELP);
    return 0;
  }
  const { opts, positionals } = parseArgs(args, { mapping: 'string', schema: 'string', format: 'string', now: 'string' });
  const format = formatOption(opts.format);
  if (!opts.mapping) throw new UsageError('--mapping <file> is required');
  if (positionals.length !== 1) throw new UsageError('give exactly one payload file');
  const mappingFile = opts.mapping as string;
  const payloadFile = positionals[0];
  let now: Date | undefined;
  if (opts.now !== undefined) {
    now = new Date(opts.now as string);
    if (isNaN(now.getTime())) throw new UsageError(`--now "${opts.now}" is not an ISO date-time`);
  }
  const resolve = (f: string) => path.resolve(ctx.cwd, f);
  const mappingText = readInputFile(resolve(mappingFile));
  const payloadText = readInputFile(resolve(payloadFile));
  let schema: XdmSchema | undefined;
  if (opts.schema) {
    const schemaPath = resolve(opts.schema as string);
    try {
      schema = loadXdmSchema(readInputFile(schemaPath), { fileName: opts.schema as string, readRef: readRefFromDirectory(path.dirname(schemaPath)) });
    } catch (e) {
      if (e instanceof InputError) throw new UsageError(e.message);
      throw e;
    }
  }

  const doc = readMappingDocument(mappingText, mappingFile);
  const located: Located[] = [];
  for (const p of schema?.problems ?? []) located.push({ file: opts.schema as string, d: { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: 'error', code: p.code, message: p.message } });
  const samples = splitPayload(payloadText).events.map((e) => e.record);
  for (const d of checkMapping(doc, { schema, samplePayloads: samples })) located.push({ file: mappingFile, d });

  const compiled = compileMapping(doc, { schema });
  const result = transformPayload(payloadText, compiled, schema, { ctx: now ? { now: () => now! } : undefined });
  let payloadLines: LineIndex | undefined;
  const payloadRange = (r: { start: number; end: number }) => (payloadLines ??= new LineIndex(payloadText)).range(r.start, r.end);
  for (const p of result.payloadProblems) located.push({ file: payloadFile, d: { range: payloadRange(p), severity: 'error', code: 'moe.ndjson-line', message: p.message } });
  const several = result.events.length > 1;
  for (const ev of result.events) {
    const prefix = several ? `event ${ev.index + 1}: ` : '';
    for (const e of ev.errors) {
      const d = transformErrorDiagnostic(doc, e);
      located.push({ file: mappingFile, d: { ...d, message: prefix + d.message } });
    }
    for (const issue of ev.issues) {
      const from = issue.sourceFields?.length ? ` (from payload field ${issue.sourceFields.join(', ')})` : '';
      const message = `${prefix}${issue.message} at ${issue.xdmPath || '#'}${from}. AEP would reject this event.`;
      if (issue.row !== undefined) located.push({ file: mappingFile, d: { range: rowDiagnosticRange(doc, issue.row, 'destination'), severity: 'error', code: `xdm.${issue.keyword}`, message } });
      else located.push({ file: payloadFile, d: { range: payloadRange(ev.payloadRange ?? { start: 0, end: 0 }), severity: 'error', code: `xdm.${issue.keyword}`, message } });
    }
  }
  const ordered = [...sortDiagnostics(located.filter((l) => l.file === mappingFile).map((l) => l.d)).map((d) => ({ file: mappingFile, d })), ...located.filter((l) => l.file !== mappingFile)];
  const failed = hasErrors(located.map((l) => l.d));
  const xdm = several || result.shape !== 'flat' ? result.events.map((e) => e.xdm) : result.events[0]?.xdm ?? {};
  if (format === 'json') {
    const diagnostics: JsonDiagnostic[] = ordered.map((l) => toJsonDiagnostic(l.file, l.d));
    ctx.stdout(JSON.stringify({ valid: !failed, xdm, events: result.events.map((e) => ({ index: e.index, errors: e.errors, issues: e.issues })), diagnostics }, null, 2) + '\n');
  } else {
    ctx.stdout(JSON.stringify(xdm, null, 2) + '\n');
    for (const l of ordered) ctx.stderr(formatHuman(l.file, l.d) + '\n');
  }
  return failed ? 1 : 0;
};
export default run;
