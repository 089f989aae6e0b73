import * as path from 'node:path';
import { parseArgs, readInputFile, UsageError, type CliCommand } from '../io';
import { InputError } from '../../core/diagnostics';
import { startEmulator } from '../../emulator/server';
import { ALL_CHAOS_FAULTS, type ChaosFault, type EmulatorOptions } from '../../emulator/types';

const HELP = `usage: moe-aep emulator [options]

Runs a local stand-in for AEP streaming ingestion (DCS) and IMS, built from
aep-streaming-and-dataprep.md §1-4 and §8. Prints exactly one line:
  listening on http://127.0.0.1:PORT/collection/<inletId>
and serves until interrupted. See docs/emulator.md for every route.

options:
  --port N              port (0 = any free port; default 0)
  --host H              bind address (default 127.0.0.1)
  --inlet ID            inlet ID, 64 hex characters (default: generated)
  --kind raw|xdm        inlet data type (default xdm)
  --schema FILE         XDM schema (AEP "Download JSON"): validate what is ingested
  --mapping FILE        Data Prep mapping (.csv / mapping-set .json): raw inlets map to XDM
  --ims-org ORG         the inlet's org (envelope imsOrgId must match)
  --auth                authenticated inlet: Bearer tokens from POST /ims/token/v3
  --client-id ID        IMS client id accepted (default emulator-client)
  --client-secret S     IMS client secret accepted (default emulator-secret-0000)
  --token-ttl SECONDS   expires_in of issued tokens (default 86399)
  --status-field F      failed batch items carry statusCode (default), status, or both
  --rate N              429 above N requests per second
  --sync-rate N         syncValidation requests per minute (default 60)
  --no-sync-validation  answer 501 to ?syncValidation=true
  --max-body BYTES      413 above this request size (default 1000000)
  --chaos RATE          inject faults at this rate (0..1): 429, 500, 503, resets, slow responses/bodies
  --chaos-faults LIST   comma list of ${ALL_CHAOS_FAULTS.join(',')}
  --chaos-items         also fail single items of batches with 500/503 at the chaos rate
  --seed N              seed for chaos (default 1)
  --retry-after S       Retry-After seconds on 429/503 (default 1)
  --require-sandbox     400 without x-sandbox-name (the SPEC requires it; docs never send it)
  --data DIR            persist the dataset as DIR/dataset.ndjson
  --verbose             log each request to stderr
`;

function num(v: unknown, name: string, min = 0, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < min || n > max) throw new UsageError(`--${name} must be a number between ${min} and ${max}, not "${String(v)}"`);
  return n;
}

const run: CliCommand = async (args, ctx) => {
  if (args.includes('--help') || args.includes('-h')) {
    ctx.stdout(HELP);
    return 0;
  }
  const { opts, positionals } = parseArgs(args, {
    port: 'string', host: 'string', inlet: 'string', kind: 'string', schema: 'string', mapping: 'string', 'ims-org': 'string',
    auth: 'boolean', 'client-id': 'string', 'client-secret': 'string', 'token-ttl': 'string', 'status-field': 'string',
    rate: 'string', 'sync-rate': 'string', 'no-sync-validation': 'boolean', 'max-body': 'string', chaos: 'string',
    'chaos-faults': 'string', 'chaos-items': 'boolean', seed: 'string', 'retry-after': 'string', data: 'string', verbose: 'boolean', 'require-sandbox': 'boolean',
  });
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const kind = (opts.kind as string | undefined) ?? 'xdm';
  if (kind !== 'raw' && kind !== 'xdm') throw new UsageError(`--kind must be raw or xdm, not "${kind}"`);
  const inlet = opts.inlet as string | undefined;
  // §1.1: an inlet ID is 64 hex characters.
  if (inlet !== undefined && !/^[0-9a-f]{64}$/i.test(inlet)) throw new UsageError('--inlet must be 64 hex characters (a DCS inlet/connection ID, §1.1)');
  const statusField = (opts['status-field'] as string | undefined) ?? 'statusCode';
  if (!['statusCode', 'status', 'both'].includes(statusField)) throw new UsageError('--status-field must be statusCode, status or both');
  const faults = opts['chaos-faults'] ? String(opts['chaos-faults']).split(',').map((s) => s.trim()) : undefined;
  for (const f of faults ?? []) if (!ALL_CHAOS_FAULTS.includes(f as ChaosFault)) throw new UsageError(`--chaos-faults: unknown fault "${f}" (known: ${ALL_CHAOS_FAULTS.join(', ')})`);
  if (opts.mapping && kind !== 'raw') throw new UsageError('--mapping applies to raw inlets (Data Prep maps raw data, §2.2); add --kind raw');

  const read = (f: string | undefined) => (f ? { text: readInputFile(path.resolve(ctx.cwd, f)), fileName: f } : undefined);
  let pipeline: import('../../emulator/pipeline').Pipeline = { warnings: [] };
  try {
    if (opts.schema || opts.mapping) pipeline = (await import('../../emulator/pipeline')).loadPipeline({ schema: read(opts.schema as string | undefined), mapping: read(opts.mapping as string | undefined) });
  } catch (e) {
    if (e instanceof InputError) throw new UsageError(e.message);
    throw e;
  }
  for (const w of pipeline.warnings) ctx.stderr(`warning: ${w}\n`);

  const o: EmulatorOptions = {
    port: num(opts.port, 'port', 0, 65535) ?? 0,
    host: opts.host as string | undefined,
    inletId: inlet?.toLowerCase(),
    kind,
    imsOrgId: opts['ims-org'] as string | undefined,
    transform: pipeline.transform,
    validate: pipeline.validate,
    auth: !!opts.auth,
    clientId: opts['client-id'] as string | undefined,
    clientSecret: opts['client-secret'] as string | undefined,
    tokenTtlSeconds: num(opts['token-ttl'], 'token-ttl', 1),
    statusField: statusField as EmulatorOptions['statusField'],
    rateLimitPerSecond: num(opts.rate, 'rate', 1),
    syncRateLimitPerMinute: num(opts['sync-rate'], 'sync-rate', 1),
    syncValidationUnsupported: !!opts['no-sync-validation'],
    requireSandbox: !!opts['require-sandbox'],
    maxBodyBytes: num(opts['max-body'], 'max-body', 1),
    chaos: num(opts.chaos, 'chaos', 0, 1),
    chaosFaults: faults as ChaosFault[] | undefined,
    chaosItems: !!opts['chaos-items'],
    seed: num(opts.seed, 'seed'),
    retryAfterSeconds: num(opts['retry-after'], 'retry-after', 0),
    dataDir: opts.data ? path.resolve(ctx.cwd, String(opts.data)) : undefined,
    log: opts.verbose ? (l) => ctx.stderr(`${l}\n`) : undefined,
  };
  let emu;
  try {
    emu = await startEmulator(o);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new UsageError(err.code === 'EADDRINUSE' ? `port ${o.port} is already in use; pick another or use --port 0` : `cannot start the emulator: ${err.message}`);
  }
  ctx.stdout(`listening on ${emu.url}\n`);
  await new Promise<void>((resolve) => {
    if (ctx.signal.aborted) return resolve();
    ctx.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await emu.close();
  return 0;
};
export default run;
