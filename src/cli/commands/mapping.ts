import * as fs from 'node:fs';
import * as path from 'node:path';
import { hasErrors } from '../../core/diagnostics';
import { readMappingDocument, toMappingCsv, toMappingSetJson } from '../../core/mapping';
import { formatHuman, parseArgs, readInputFile, UsageError, type CliCommand } from '../io';

const HELP = `usage: moe-aep mapping convert <in.mapping.csv|.json> --to csv|json [--out <file>]

Converts between the mapping CSV (what MoEngage sends and AEP's "Import mapping from file" reads)
and the Data Prep mapping-set JSON ({"outputSchema", "mappings": [...]}). Prints to stdout unless --out is given.
A file with errors is not converted (exit 1) so nothing is silently dropped.
`;

const run: CliCommand = async (args, ctx) => {
  if (args.length === 0 || args.includes('--help') || args.includes('-h')) {
    ctx.stdout(HELP);
    return args.length === 0 ? 2 : 0;
  }
  const [sub, ...rest] = args;
  if (sub !== 'convert') throw new UsageError(`unknown subcommand "${sub}"; try "mapping convert <in> --to csv|json"`);
  const { opts, positionals } = parseArgs(rest, { to: 'string', out: 'string' });
  if (positionals.length !== 1) throw new UsageError('give exactly one input mapping file');
  const to = opts.to;
  if (to !== 'csv' && to !== 'json') throw new UsageError('--to must be "csv" or "json"');
  const input = positionals[0];
  const doc = readMappingDocument(readInputFile(path.resolve(ctx.cwd, input)), input);
  for (const d of doc.problems) ctx.stderr(formatHuman(input, d) + '\n');
  if (hasErrors(doc.problems)) return 1;
  if (to === 'csv' && (doc.outputSchema !== undefined || doc.setExtra)) {
    // The CSV has no place for set-level properties; say so rather than drop them silently.
    const keys = [...(doc.outputSchema !== undefined ? ['outputSchema'] : []), ...Object.keys(doc.setExtra ?? {})];
    ctx.stderr(`${input}: note: ${keys.join(', ')} ${keys.length === 1 ? 'is' : 'are'} not part of a mapping CSV and ${keys.length === 1 ? 'is' : 'are'} left out; keep the JSON file for ${keys.length === 1 ? 'it' : 'them'}.\n`);
  }
  const text = to === 'csv' ? toMappingCsv(doc) : toMappingSetJson(doc);
  if (opts.out) {
    const out = path.resolve(ctx.cwd, opts.out as string);
    try {
      fs.writeFileSync(out, text);
    } catch (e) {
      throw new UsageError(`${opts.out}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
  } else ctx.stdout(text);
  return 0;
};
export default run;
