/**
 * `kill -9` of `moe-aep send --journal J` halfway, then `--resume`: shared by the CI test and
 * `npm run chaos`. The emulator runs in this process (so it survives the kill) with an
 * authenticated inlet; the CLI gets credentials from the environment like a user's shell.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startEmulator, type ChaosFault } from '../../../src/emulator';
import { runCli, type CliRun } from './cliBundle';

export interface CrashOptions {
  events: number;
  /** Kill when the emulator has stored this share of the events. */
  killAt: number;
  chaos: number;
  faults: readonly ChaosFault[];
  seed: number;
  batch: boolean;
  clientSecret?: string;
  tokenFactory?: () => string;
  extraArgs?: string[];
}

export interface CrashFigures {
  events: number;
  storedAtKill: number;
  killedBy: string | null;
  journalLinesAtKill: number;
  resumeExit: number | null;
  resumeSkipped: number;
  /** Events the resumed run reported as in flight at the kill (stored-or-not unknown), from `--format json`. */
  inFlightReported: number;
  faultsInjected: number;
  stored: number;
  lost: number;
  duplicated: number;
  duplicatesSample: string[];
  ms: number;
  dir: string;
  runs: CliRun[];
}

/** NDJSON MoEngage events (moengage-streams.md §5 flat AEP payload shape), each with its own event_uuid. */
export function writePayload(file: string, n: number): void {
  const fd = fs.openSync(file, 'w');
  try {
    let chunk = '';
    for (let i = 0; i < n; i++) {
      const uuid = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
      chunk += JSON.stringify({ app_name: 'Chaos App', source: 'MOENGAGE', moe_request_id: `req-${Math.floor(i / 100)}`, id: `evt_${i}`, time: 1731421200 + i, event_uuid: uuid, event_source: 'MOENGAGE', event_name: 'Email Sent', event_code: 'MOE_EMAIL_SENT', event_type: 'CAMPAIGN_EVENT', identities: { externalId: `customer_${i % 97}`, email: `u${i % 97}@example.com` }, event_attributes: { campaign_id: 'camp_001', campaign_name: 'Welcome', campaign_type: 'Event Trigger', campaign_channel: 'Email' }, user_attributes: {}, device_attributes: {} }) + '\n';
      if (chunk.length > 1 << 20) {
        fs.writeSync(fd, chunk);
        chunk = '';
      }
    }
    fs.writeSync(fd, chunk);
  } finally {
    fs.closeSync(fd);
  }
}

export async function runCrashResume(o: CrashOptions): Promise<CrashFigures> {
  const t0 = Date.now();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'moe-aep-crash-'));
  const payload = path.join(dir, 'chaos.moe.ndjson');
  const journal = path.join(dir, 'send.journal.ndjson');
  writePayload(payload, o.events);
  const emu = await startEmulator({ kind: 'raw', auth: true, clientSecret: o.clientSecret, tokenFactory: o.tokenFactory, chaos: o.chaos, chaosFaults: o.faults, seed: o.seed, retryAfterSeconds: 0, slowMs: 20 });
  const env = { MOE_AEP_CLIENT_ID: emu.clientId, MOE_AEP_CLIENT_SECRET: emu.clientSecret, MOE_AEP_TOKEN_ENDPOINT: emu.tokenEndpoint, MOE_AEP_IMS_ORG: emu.imsOrgId };
  const args = ['send', '--endpoint', emu.url, '--mode', 'raw', '--flow-id', 'flow-crash', '--journal', journal, '--max-attempts', '10', '--format', 'json', ...(o.batch ? ['--batch'] : []), ...(o.extraArgs ?? []), payload];
  const runs: CliRun[] = [];
  try {
    let storedAtKill = 0;
    let journalLinesAtKill = 0;
    const first = await runCli(args, {
      env,
      cwd: dir,
      timeoutMs: 120_000,
      onSpawn: (child) => {
        const poll = setInterval(() => {
          if (emu.stats().stored >= o.events * o.killAt) {
            clearInterval(poll);
            child.kill('SIGKILL');
            storedAtKill = emu.stats().stored;
          }
        }, 2);
        child.on('exit', () => clearInterval(poll));
      },
    });
    runs.push(first);
    try {
      journalLinesAtKill = fs.readFileSync(journal, 'utf8').split('\n').filter(Boolean).length;
    } catch {
      journalLinesAtKill = 0;
    }
    const second = await runCli([...args.slice(0, -1), '--resume', payload], { env, cwd: dir, timeoutMs: 120_000 });
    runs.push(second);
    let resumeSkipped = 0;
    let inFlightReported = 0;
    try {
      const out = JSON.parse(second.stdout) as { summary?: { skipped?: number }; inFlight?: { count?: number } };
      resumeSkipped = out.summary?.skipped ?? 0;
      inFlightReported = out.inFlight?.count ?? 0;
    } catch {
      /* non-JSON output: reported through runs */
    }
    const res = await fetch(`${emu.baseUrl}/_emulator/dataset`);
    const dataset = (await res.json()) as Array<{ event_uuid?: string }>;
    const seen = new Map<string, number>();
    for (const r of dataset) seen.set(String(r.event_uuid), (seen.get(String(r.event_uuid)) ?? 0) + 1);
    let lost = 0;
    let duplicated = 0;
    const duplicatesSample: string[] = [];
    for (let i = 0; i < o.events; i++) {
      const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
      const n = seen.get(id) ?? 0;
      if (n === 0) lost++;
      if (n > 1) {
        duplicated += n - 1;
        if (duplicatesSample.length < 5) duplicatesSample.push(`event ${i} ×${n}`);
      }
    }
    const st = emu.stats();
    return {
      events: o.events,
      storedAtKill,
      killedBy: first.signal,
      journalLinesAtKill,
      resumeExit: second.code,
      resumeSkipped,
      inFlightReported,
      faultsInjected: Object.values(st.faults).reduce((a, b) => a + b, 0),
      stored: dataset.length,
      lost,
      duplicated,
      duplicatesSample,
      ms: Date.now() - t0,
      dir,
      runs,
    };
  } finally {
    await emu.close();
  }
}

export function formatCrash(f: CrashFigures): string {
  return `crash-resume: ${f.events} events, killed (${f.killedBy}) with ${f.storedAtKill} stored and ${f.journalLinesAtKill} journal lines, resume exit ${f.resumeExit} skipped ${f.resumeSkipped} reported in flight ${f.inFlightReported}, ${f.faultsInjected} faults injected, stored ${f.stored}, lost ${f.lost}, duplicated ${f.duplicated}${f.duplicatesSample.length ? ` (${f.duplicatesSample.join(', ')})` : ''}, ${f.ms} ms`;
}
