import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs, readInputFile, formatHuman, toJsonDiagnostic, formatOption, UsageError, type CliCommand, type CliContext, type JsonDiagnostic } from '../io';
import { InputError, type CoreDiagnostic } from '../../core/diagnostics';
import { LineIndex } from '../../core/text/lineIndex';
import { parsePayload } from '../../core/moengage/parse';
import { createAepClient } from '../../core/aep/client';
import { buildXdmEnvelope } from '../../core/aep/envelope';
import type { XdmPrep } from '../../core/aep/xdmPrep';
import { AepRefusal, type MessageOutcome, type ValidationCause, type OAuthConfig, type SendItem, type SendMode, type SendTarget } from '../../core/aep/types';
import { eventKey, ResumeJournal } from '../../core/aep/resume';
import { DEFAULT_IMS_TOKEN_ENDPOINT } from '../../core/aep/token';
import { shouldStream } from '../send/detect';
import { readResumeState } from '../send/journalState';
import { NdjsonSource, type StreamFile, type StreamedEvent } from '../send/ndjsonSource';
import { prefetch } from '../send/prefetch';

/** Streamed events parsed, mapped and checked before the client asks: about one batch (the client's 500-message cap is our choice, not AEP's, §3). */
const PREPARE_AHEAD = 512;

const HELP = `usage: moe-aep send --endpoint <inlet URL> [options] <payload>...

Sends MoEngage payload files (one event, a Streams batch, an array or NDJSON) to an AEP
streaming inlet, one message per event. Exit 0 only if every message was accepted.

options:
  --endpoint URL        https://dcs.adobedc.net/collection/<inletId> (http:// only for loopback)
  --sync-validation     single-message endpoint with ?syncValidation=true (60 req/min, §1.1)
  --batch               pack messages into /collection/batch requests under 1 MB (§3)
  --mode raw|xdm        raw: events as they are (x-adobe-flow-id, §2.2); xdm: XDM envelopes (§2.1)
  --mapping FILE        xdm mode: map each event with this Data Prep mapping first
  --schema FILE         xdm mode: XDM schema; its $id is the schemaRef, events are checked locally
  --schema-ref ID       xdm mode: schemaRef id when no --schema is given
  --flow-id F           dataflow ID (x-adobe-flow-id for raw, header.flowId for xdm)
  --dataset-id D        dataset ID (required for xdm)
  --ims-org O           IMS org (default: $MOE_AEP_IMS_ORG)
  --sandbox S           x-sandbox-name
  --format human|json   output format (default human)
  --journal FILE        journal each request before it leaves and each answer as it arrives
  --resume              with --journal: skip messages the journal says were accepted. Messages
                        that were in flight when the previous run stopped are reported and sent
                        again (AEP may then hold them twice; never lost)
  --skip-in-flight      with --resume: do not send those in-flight messages again (no duplicate,
                        but whether AEP stored them is unknown: check the dataset by _id)
  --concurrency N       requests in flight (default 4; 1 with --batch, so a crash leaves at most
                        one batch of unknown fate for --resume to report)
  --max-attempts N      attempts per request for 429/5xx/network errors (default 5)
  --timeout-ms N        per-request timeout (default 30000)
  --allow-bearer-host H also send the IMS token to host H (repeatable)
  --verbose             log every HTTP exchange (redacted) to stderr
  --proxy URL           HTTP(S) proxy (default: $HTTPS_PROXY / $HTTP_PROXY, honouring $NO_PROXY)

Streaming: .ndjson/.jsonl files (and NDJSON files over 64 MB whatever their name) are read line by
line and sent as they are read, so a replay of days of events needs memory only for the messages in
flight. For these files --format json lists only the messages that were NOT accepted (failed, not
answered, in flight and not resent) in "messages"; accepted and journal-skipped ones are counted in
"summary". A cancelled run counts only the events it had read.

Credentials come only from the environment (authenticated inlets):
  MOE_AEP_CLIENT_ID, MOE_AEP_CLIENT_SECRET, MOE_AEP_SCOPES, MOE_AEP_TOKEN_ENDPOINT, MOE_AEP_IMS_ORG
`;

/** §4: the scope string Adobe's own connector uses; real projects list theirs in the Developer Console. */
const DEFAULT_SCOPES = 'openid,AdobeID,read_organizations,additional_info.projectedProductContext,session';

interface EventMeta {
  fi: FileInput;
  file: string;
  event: number;
  start: number;
  end: number;
  key: string;
}

interface FileInput {
  file: string;
  text: string;
  lines?: LineIndex;
}

function intOpt(v: unknown, name: string, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be an integer from ${min} to ${max}, not "${String(v)}"`);
  return n;
}

function authFromEnv(env: NodeJS.ProcessEnv, imsOrg?: string): OAuthConfig | undefined {
  const clientId = env.MOE_AEP_CLIENT_ID?.trim();
  const clientSecret = env.MOE_AEP_CLIENT_SECRET?.trim();
  if (!clientId && !clientSecret) return undefined;
  if (!clientId || !clientSecret) throw new UsageError('set both MOE_AEP_CLIENT_ID and MOE_AEP_CLIENT_SECRET (OAuth Server-to-Server credentials), or neither for an inlet without authentication');
  return {
    clientId,
    clientSecret,
    scopes: env.MOE_AEP_SCOPES?.trim() || DEFAULT_SCOPES,
    tokenEndpoint: env.MOE_AEP_TOKEN_ENDPOINT?.trim() || DEFAULT_IMS_TOKEN_ENDPOINT,
    imsOrgId: imsOrg,
  };
}

const run: CliCommand = async (args, ctx) => {
  if (args.includes('--help') || args.includes('-h')) {
    ctx.stdout(HELP);
    return 0;
  }
  const { opts, positionals } = parseArgs(args, {
    endpoint: 'string', 'sync-validation': 'boolean', batch: 'boolean', mode: 'string', mapping: 'string', schema: 'string',
    'schema-ref': 'string', 'flow-id': 'string', 'dataset-id': 'string', 'ims-org': 'string', sandbox: 'string', format: 'string',
    journal: 'string', resume: 'boolean', 'skip-in-flight': 'boolean', concurrency: 'string', 'max-attempts': 'string', 'timeout-ms': 'string',
    'allow-bearer-host': 'string[]', proxy: 'string', 'source-name': 'string', verbose: 'boolean',
  });
  const format = formatOption(opts.format);
  const endpoint = (opts.endpoint as string | undefined) ?? ctx.env.MOE_AEP_ENDPOINT;
  if (!endpoint) throw new UsageError('--endpoint is required: the inlet URL https://dcs.adobedc.net/collection/<inletId>');
  if (!positionals.length) throw new UsageError('give at least one payload file to send');
  if (opts['sync-validation'] && opts.batch) throw new UsageError('--sync-validation works only on the single-message endpoint, not with --batch (§1.1)');
  if (opts.resume && !opts.journal) throw new UsageError('--resume needs --journal FILE (the record of what was already accepted)');
  if (opts['skip-in-flight'] && !opts.resume) throw new UsageError('--skip-in-flight only applies with --resume --journal FILE (to the messages the previous run left in flight)');
  const kind = (opts.mode as string | undefined) ?? 'raw';
  if (kind !== 'raw' && kind !== 'xdm') throw new UsageError(`--mode must be raw or xdm, not "${kind}"`);
  if (kind === 'raw' && (opts.mapping || opts.schema)) throw new UsageError('--mapping/--schema transform events to XDM: add --mode xdm (a raw inlet maps with its own dataflow, §2.2)');
  const mode: SendMode = opts.batch ? 'batch' : opts['sync-validation'] ? 'sync' : 'single';
  const imsOrg = (opts['ims-org'] as string | undefined) ?? ctx.env.MOE_AEP_IMS_ORG?.trim() ?? undefined;

  // Read everything first: an unreadable file stops the run before any message leaves (exit 2).
  // NDJSON files are only opened here: they are streamed later (issue 7, a day of events is GBs).
  const streamed: StreamFile[] = [];
  const files: FileInput[] = [];
  for (const f of positionals) {
    const abs = path.resolve(ctx.cwd, f);
    if (shouldStream(abs, f)) {
      checkReadable(abs, f);
      streamed.push({ file: f, abs });
    } else files.push({ file: f, text: readInputFile(abs) });
  }
  const diagnostics: { file: string; d: CoreDiagnostic }[] = [];
  const lineIndex = (fi: FileInput) => (fi.lines ??= new LineIndex(fi.text));
  const at = (fi: FileInput, start: number, end: number) => {
    const li = lineIndex(fi);
    return { start: li.positionAt(start), end: li.positionAt(end) };
  };

  let xdm: XdmPrep | undefined;
  if (kind === 'xdm') {
    // Loaded only for XDM sends: the mapping engine is the heavy part. Whole files and streamed ones share it.
    const read = (f: unknown) => (typeof f === 'string' ? { text: readInputFile(path.resolve(ctx.cwd, f)), fileName: f } : undefined);
    try {
      const { prepareXdm } = await import('../../core/aep/xdmPrep');
      xdm = prepareXdm(read(opts.mapping), read(opts.schema));
    } catch (e) {
      if (e instanceof InputError) throw new UsageError(e.message);
      throw e;
    }
  }
  const schemaRef = (opts['schema-ref'] as string | undefined) ?? xdm?.schemaId;
  if (kind === 'xdm' && !schemaRef) throw new UsageError('--mode xdm needs the schema: --schema FILE (its $id becomes header.schemaRef) or --schema-ref ID (§2.1)');
  if (kind === 'xdm' && !opts['dataset-id']) throw new UsageError('--mode xdm needs --dataset-id: XDM messages name their dataset in header.datasetId (§2.1)');

  const target: SendTarget = {
    endpoint,
    inletKind: kind,
    flowId: opts['flow-id'] as string | undefined,
    datasetId: opts['dataset-id'] as string | undefined,
    schemaRef,
    imsOrgId: imsOrg,
    sandboxName: opts.sandbox as string | undefined,
    sourceName: (opts['source-name'] as string | undefined) ?? 'moe-aep CLI',
    auth: authFromEnv(ctx.env, imsOrg),
  };

  const metas: EventMeta[] = [];
  const bodies: unknown[] = [];
  const local: MessageOutcome[] = [];
  let unusable = false;
  for (const fi of files) {
    const parsed = parsePayload(fi.text, { fileName: fi.file });
    for (const p of parsed.problems) if (p.severity === 'error') diagnostics.push({ file: fi.file, d: { range: at(fi, p.start, p.end), severity: 'error', code: p.code, message: p.message } });
    if (!parsed.events.length) {
      unusable = true;
      continue;
    }
    const mapped = xdm?.transform(fi.text);
    for (const ev of parsed.events) {
      const index = metas.length;
      metas.push({ fi, file: fi.file, event: ev.index, start: ev.start, end: ev.end, key: eventKey(path.resolve(ctx.cwd, fi.file), ev.index, ev.value) });
      if (ev.value === undefined) {
        local.push({ index, status: 'failed', attempts: 0, message: 'this event is not valid JSON and was not sent; fix the line and send again' });
        bodies.push(undefined);
        continue;
      }
      // Batch events are mapped with the batch's header keys (transformPayload), so whole files use `transform`.
      const m = mapped?.get(ev.index);
      if (mapped && !m) {
        local.push({ index, status: 'failed', attempts: 0, message: 'the mapping produced no XDM for this event; it was not sent' });
        bodies.push(undefined);
        continue;
      }
      const r = prepareBody(ev.value, index, kind, target, xdm, m);
      if ('failed' in r) local.push(r.failed);
      bodies.push('body' in r ? r.body : undefined);
    }
  }
  for (const sf of streamed) {
    if (hasContent(sf.abs)) continue;
    diagnostics.push({ file: sf.file, d: { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: 'error', code: 'moe.empty', message: 'The NDJSON file has no events: write one JSON event object per line' } });
    unusable = true;
  }
  if (unusable) {
    printDiagnostics(ctx, format, diagnostics);
    throw new UsageError('nothing was sent: a payload file has no readable events (see above)');
  }

  const skipped = new Set<number>();
  /**
   * Events a killed run dispatched without hearing back. No client-side protocol can tell whether AEP
   * stored them (DCS de-duplication is [UNCONFIRMED], aep-streaming-and-dataprep.md §1.5), so they are
   * reported by name; by default they are sent again (at-least-once for these only, never lost).
   */
  const inFlight: { file: string; event: number; key: string }[] = [];
  const skipInFlight = !!opts['skip-in-flight'];
  // Streamed files need the journal's answers line by line; read whole, a replay's journal is GBs too.
  const state = opts.resume ? await readResumeState(path.resolve(ctx.cwd, String(opts.journal))) : undefined;
  const skippedInFlight = new Set<number>();
  if (state) {
    metas.forEach((m, i) => {
      if (state.acknowledged.has(m.key)) skipped.add(i);
      else if (state.unanswered.has(m.key)) {
        inFlight.push({ file: m.file, event: m.event, key: m.key });
        if (skipInFlight) skippedInFlight.add(i);
      }
    });
  }
  let client;
  try {
    client = createAepClient(target, {
      maxAttempts: intOpt(opts['max-attempts'], 'max-attempts', 1, 20),
      timeoutMs: intOpt(opts['timeout-ms'], 'timeout-ms', 100, 600_000),
      proxyUrl: opts.proxy as string | undefined,
      env: ctx.env,
      allowBearerToHosts: opts['allow-bearer-host'] as string[] | undefined,
      // Records arrive redacted (Authorization, client_secret, access_token): safe for a terminal.
      onExchange: opts.verbose
        ? (x) => ctx.stderr(`${x.method} ${x.url} → ${x.status ?? x.error} (${x.durationMs} ms, attempt ${x.attempt})\n${x.status && x.status >= 400 ? `  ${x.responseBody ?? ''}\n` : ''}`)
        : undefined,
      onRetry: opts.verbose ? (r) => ctx.stderr(`retrying after ${r.reason} in ${r.delayMs} ms${r.fromRetryAfter ? ' (Retry-After)' : ''}\n`) : undefined,
    });
  } catch (e) {
    if (e instanceof AepRefusal) throw new UsageError(e.message);
    throw e;
  }
  const journal = opts.journal ? new ResumeJournal(path.resolve(ctx.cwd, String(opts.journal))) : undefined;
  const outcomes: (MessageOutcome | undefined)[] = new Array(metas.length);

  // Streamed files: counted, reported and forgotten as each event settles; rows only for what was not
  // accepted, and in human mode their diagnostics go out at once, so nothing grows with the file.
  const streamCounts = { total: 0, accepted: 0, failed: 0, pending: 0, skipped: 0, skippedInFlight: 0 };
  const streamRows: object[] = [];
  const streamDiagnostics: { file: string; d: CoreDiagnostic }[] = [];
  const streamDiagnostic = (file: string, d: CoreDiagnostic) => {
    if (format === 'json') streamDiagnostics.push({ file, d });
    else ctx.stdout(formatHuman(file, d) + '\n');
  };
  const point = (ev: StreamedEvent) => ({ start: { line: ev.line, character: ev.character }, end: { line: ev.line, character: ev.character + 1 } });
  const source = streamed.length
    ? new NdjsonSource(
        streamed,
        {
          keys: !!journal || !!state,
          resume(ev) {
            streamCounts.total++;
            if (!state) return 'send';
            if (state.acknowledged.has(ev.key)) {
              streamCounts.skipped++;
              return 'skip';
            }
            if (!state.unanswered.has(ev.key)) return 'send';
            inFlight.push({ file: ev.file, event: ev.event, key: ev.key });
            if (!skipInFlight) return 'send';
            streamCounts.skippedInFlight++;
            const message = `event ${ev.event}: in flight when the previous run stopped and not sent again (--skip-in-flight); AEP may or may not hold it — check the dataset for its _id`;
            streamDiagnostic(ev.file, { range: point(ev), severity: 'warning', code: 'aep.in-flight-skipped', message, source: 'AEP' });
            streamRows.push({ file: ev.file, event: ev.event, status: 'skipped-in-flight', key: ev.key, message });
            return 'skip-in-flight';
          },
          prepare: (value, index) => prepareBody(value, index, kind, target, xdm, xdm?.map?.(value)),
          diagnostic: streamDiagnostic,
          local: (o) => record(o),
        },
        metas.length,
      )
    : undefined;
  const streamedOutcome = (o: MessageOutcome, ev: StreamedEvent) => {
    streamCounts[o.status]++;
    if (o.status === 'accepted') return;
    const range = point(ev);
    streamDiagnostic(ev.file, { range, severity: 'error', code: o.status === 'pending' ? 'aep.pending' : o.httpStatus ? `aep.http-${o.httpStatus}` : 'aep.failed', message: `event ${ev.event}: ${o.message ?? o.status}`, source: 'AEP' });
    streamRows.push({ file: ev.file, event: ev.event, status: o.status, httpStatus: o.httpStatus, xactionId: o.xactionId, validation: o.validation, attempts: o.attempts, message: o.message, errors: o.errors, range });
  };
  const metaOf = (i: number): { key: string; file: string; event: number } | undefined => (i < metas.length ? metas[i] : source?.get(i));

  // The answers of one 207 arrive in one synchronous burst: journal them in ONE write (flushed in a
  // microtask) so a kill cannot land between the first and the last line of a batch.
  let pendingLines: Parameters<ResumeJournal['appendMany']>[0][number][] = [];
  const flush = () => {
    const lines = pendingLines;
    pendingLines = [];
    journal?.appendMany(lines);
  };
  const record = (o: MessageOutcome) => {
    let m: { key: string; file: string; event: number } | undefined;
    if (o.index < metas.length) {
      outcomes[o.index] = o;
      m = metas[o.index];
    } else {
      m = source?.settle(o.index);
      if (!m) return;
      streamedOutcome(o, m as StreamedEvent);
    }
    if (!journal || o.status === 'pending') return;
    if (!pendingLines.length) queueMicrotask(flush);
    pendingLines.push({ key: m.key, file: m.file, event: m.event, status: o.status, httpStatus: o.httpStatus, xactionId: o.xactionId, message: o.status === 'failed' ? o.message : undefined });
  };
  for (const o of local) if (!skipped.has(o.index) && !skippedInFlight.has(o.index)) record(o);
  const localIdx = new Set(local.map((o) => o.index));
  const items = async function* (): AsyncGenerator<SendItem> {
    for (let i = 0; i < metas.length; i++) if (!skipped.has(i) && !skippedInFlight.has(i) && !localIdx.has(i)) yield { index: i, body: bodies[i] };
    // About one batch prepared ahead: with a single batch in flight the CPU otherwise idles through every
    // round trip (50 MB bench, 3 interleaved pairs on the shared VM: median 5,863 vs 4,744 ev/s).
    if (source) yield* prefetch(source.items(), PREPARE_AHEAD);
  };
  let cancelled = false;
  try {
    // Batch mode defaults to one request in flight: a crash can then leave at most one batch with an
    // unknown fate (stored but unanswered), which --resume would send again.
    const concurrency = intOpt(opts.concurrency, 'concurrency', 1, 64) ?? (mode === 'batch' ? 1 : 4);
    const onDispatch = journal
      ? (ix: readonly number[]) =>
          journal.appendMany(
            ix.map((i) => {
              const m = metaOf(i)!;
              return { key: m.key, file: m.file, event: m.event, status: 'sent' as const };
            }),
          )
      : undefined;
    const summary = await client.sendAll(streamed.length ? items() : syncItems(metas.length, skipped, skippedInFlight, localIdx, bodies), { mode, concurrency, onOutcome: record, onDispatch }, ctx.signal);
    cancelled = summary.cancelled;
  } finally {
    flush();
    journal?.close();
    await client.close();
  }
  // Pulled by the client but never answered: only a cancelled run leaves these.
  if (source) for (const ev of source.unsettled()) record({ index: ev.index, status: 'pending', attempts: 0, message: 'not sent: the run was cancelled' });

  const counts: { total: number; accepted: number; failed: number; pending: number; skipped: number; skippedInFlight?: number } = {
    total: metas.length + streamCounts.total,
    accepted: streamCounts.accepted,
    failed: streamCounts.failed,
    pending: streamCounts.pending,
    skipped: skipped.size + streamCounts.skipped,
  };
  // Only present when asked for, so the summary's shape is unchanged for everyone else.
  if (skipInFlight) counts.skippedInFlight = skippedInFlight.size + streamCounts.skippedInFlight;
  const rows: object[] = [];
  metas.forEach((m, i) => {
    const fi = m.fi;
    if (skipped.has(i)) {
      rows.push({ file: m.file, event: m.event, status: 'skipped', message: 'already accepted according to the journal' });
      return;
    }
    if (skippedInFlight.has(i)) {
      const message = `event ${m.event}: in flight when the previous run stopped and not sent again (--skip-in-flight); AEP may or may not hold it — check the dataset for its _id`;
      diagnostics.push({ file: m.file, d: { range: at(fi, m.start, Math.min(m.end, m.start + 1)), severity: 'warning', code: 'aep.in-flight-skipped', message, source: 'AEP' } });
      rows.push({ file: m.file, event: m.event, status: 'skipped-in-flight', key: m.key, message });
      return;
    }
    const o: MessageOutcome = outcomes[i] ?? { index: i, status: 'pending', attempts: 0, message: 'not sent: the run was cancelled' };
    counts[o.status]++;
    const range = o.status === 'accepted' ? undefined : at(fi, m.start, Math.min(m.end, m.start + 1));
    if (range) diagnostics.push({ file: m.file, d: { range, severity: 'error', code: o.status === 'pending' ? 'aep.pending' : o.httpStatus ? `aep.http-${o.httpStatus}` : 'aep.failed', message: `event ${m.event}: ${o.message ?? o.status}`, source: 'AEP' } });
    rows.push({ file: m.file, event: m.event, status: o.status, httpStatus: o.httpStatus, xactionId: o.xactionId, validation: o.validation, attempts: o.attempts, message: o.message, errors: o.errors, range });
  });
  rows.push(...streamRows);
  diagnostics.push(...streamDiagnostics);
  const host = safeHost(endpoint);
  const inFlightReport = {
    count: inFlight.length,
    action: skipInFlight ? 'skipped' : 'resent',
    events: inFlight,
  };
  if (format === 'json') {
    ctx.stdout(JSON.stringify({ endpoint: host, mode, inletKind: kind, cancelled, summary: counts, inFlight: inFlightReport, resentAfterInterruption: skipInFlight ? 0 : inFlight.length, messages: rows, diagnostics: diagnostics.map((x) => toJsonDiagnostic(x.file, x.d)) }, null, 2) + '\n');
  } else {
    printDiagnostics(ctx, format, diagnostics);
    if (inFlight.length) ctx.stdout(inFlightNote(inFlight.length, skipInFlight) + '\n');
    ctx.stdout(`${cancelled ? 'cancelled: ' : ''}${counts.total} message(s) to ${host} (${mode}): ${counts.accepted} accepted, ${counts.failed} failed${counts.pending ? `, ${counts.pending} not answered` : ''}${counts.skipped ? `, ${counts.skipped} skipped (accepted in an earlier run)` : ''}${counts.skippedInFlight ? `, ${counts.skippedInFlight} in-flight not resent` : ''}\n`);
  }
  return counts.failed || counts.pending ? 1 : 0;
};

/**
 * What the user must know about messages a stopped run left in flight. Resent, AEP may hold them twice:
 * MoEngage's `event_uuid` is its "Unique event identifier for de-duplication" (moengage-streams.md), so a
 * mapping that builds `_id` from it gives both copies the same `_id`, which Profile treats as one record
 * (§6.3 `_id` uniqueness), while the data lake keeps both rows.
 */
export function inFlightNote(n: number, skipped: boolean): string {
  const what = `${n} event${n === 1 ? ' was' : 's were'} in flight when the previous run stopped`;
  if (skipped) return `${what}; ${n === 1 ? 'it was' : 'they were'} NOT sent again (--skip-in-flight): AEP may or may not hold ${n === 1 ? 'it' : 'them'} — check the dataset for ${n === 1 ? 'its' : 'their'} _id (listed with --format json)`;
  return `${what}; AEP may hold ${n === 1 ? 'it' : 'them'} twice — ${n === 1 ? 'its' : 'their'} _id is stable (event_uuid), so Profile drops the duplicate (moengage-streams.md §3.2) but the data lake keeps both`;
}

function* syncItems(n: number, skipped: Set<number>, skippedInFlight: Set<number>, localIdx: Set<number>, bodies: unknown[]): Generator<SendItem> {
  for (let i = 0; i < n; i++) if (!skipped.has(i) && !skippedInFlight.has(i) && !localIdx.has(i)) yield { index: i, body: bodies[i] };
}

/**
 * One event → what goes on the wire, or why it stays local (§2.1): `mapped` is its XDM from the
 * mapping, if there is one; without a mapping the event itself is checked against the schema.
 */
function prepareBody(value: unknown, index: number, kind: 'raw' | 'xdm', target: SendTarget, xdm: XdmPrep | undefined, mapped: { xdm: unknown; issues: ValidationCause[] } | undefined): { body: unknown } | { failed: MessageOutcome } {
  const issues = mapped ? mapped.issues : (xdm?.validate(value) ?? []);
  if (issues.length) {
    const what = mapped ? 'the mapped XDM fails' : 'the event fails';
    return { failed: { index, status: 'failed', attempts: 0, validation: 'failed', errors: issues, message: `not sent: ${what} the schema locally — ${issues.slice(0, 3).map((i) => `${i.pointerToViolation}: ${i.message}`).join('; ')}` } };
  }
  const entity = mapped ? mapped.xdm : value;
  return { body: kind === 'xdm' ? buildXdmEnvelope(target, entity) : entity };
}

/** Streamed files are opened only when sent: check now, so an unreadable one stops the run before anything leaves. */
function checkReadable(abs: string, name: string): void {
  try {
    fs.closeSync(fs.openSync(abs, 'r'));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err.code === 'ENOENT' ? 'no such file' : err.code === 'EACCES' ? 'permission denied' : err.message;
    throw new UsageError(`${name}: cannot read (${why})`);
  }
}

/** Whether a file has anything but whitespace, reading only as far as the first non-blank byte. */
function hasContent(abs: string): boolean {
  const buf = Buffer.alloc(64 * 1024);
  const fd = fs.openSync(abs, 'r');
  try {
    for (let pos = 0; ; ) {
      const n = fs.readSync(fd, buf, 0, buf.length, pos);
      if (n === 0) return false;
      for (let i = 0; i < n; i++) {
        const c = buf[i];
        // whitespace and the UTF-8 BOM bytes
        if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0xef && c !== 0xbb && c !== 0xbf) return true;
      }
      pos += n;
    }
  } finally {
    fs.closeSync(fd);
  }
}

function printDiagnostics(ctx: CliContext, format: string, diags: { file: string; d: CoreDiagnostic }[]): void {
  if (format === 'json') {
    const out: JsonDiagnostic[] = diags.map((x) => toJsonDiagnostic(x.file, x.d));
    ctx.stdout(JSON.stringify({ diagnostics: out }, null, 2) + '\n');
    return;
  }
  for (const x of diags) ctx.stdout(formatHuman(x.file, x.d) + '\n');
}

function safeHost(endpoint: string): string {
  try {
    const u = new URL(endpoint);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return endpoint;
  }
}

export default run;
