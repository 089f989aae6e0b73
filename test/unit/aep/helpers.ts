import { startEmulator, type EmulatorHandle, type EmulatorOptions } from '../../../src/emulator';
import { createAepClient, type ClientOptions, type ExchangeRecord, type RetryInfo, type SendTarget, type AepClient } from '../../../src/core/aep';
import type { ValidationCause } from '../../../src/core/aep';

export const SCHEMA = 'https://ns.adobe.com/acme/schemas/0123456789abcdef';

/** A test-local XDM check standing in for src/core/xdm: `_id` must be a string, `timestamp` RFC 3339. */
export function tinyValidate(entity: unknown): ValidationCause[] {
  const e = entity as Record<string, unknown>;
  const out: ValidationCause[] = [];
  if (typeof e._id !== 'string') out.push({ keyword: 'type', pointerToViolation: '#/_id', schemaLocation: '#/properties/_id', message: `expected type: String, found: ${typeof e._id === 'number' ? 'Long' : 'Null'}` });
  if (typeof e.timestamp !== 'string' || Number.isNaN(Date.parse(e.timestamp))) out.push({ keyword: 'format', pointerToViolation: '#/timestamp', schemaLocation: '#/properties/timestamp', message: `[${String(e.timestamp)}] is not a valid date-time.` });
  for (const k of Object.keys(e)) if (!['_id', 'timestamp', 'eventType', 'identityMap'].includes(k)) out.push({ keyword: 'additionalProperties', pointerToViolation: '#', schemaLocation: '#', message: `extraneous key [${k}] is not permitted` });
  return out;
}

export interface Rig {
  emu: EmulatorHandle;
  client: AepClient;
  exchanges: ExchangeRecord[];
  retries: RetryInfo[];
  target: SendTarget;
  close(): Promise<void>;
}

/** An emulator plus a client wired to it, with short backoffs so tests stay fast. */
export async function rig(emuOpts: EmulatorOptions = {}, clientOpts: ClientOptions = {}, targetExtra: Partial<SendTarget> = {}): Promise<Rig> {
  const emu = await startEmulator({ kind: 'xdm', ...emuOpts });
  const exchanges: ExchangeRecord[] = [];
  const retries: RetryInfo[] = [];
  const target: SendTarget = {
    endpoint: emu.url,
    inletKind: emuOpts.kind ?? 'xdm',
    schemaRef: SCHEMA,
    datasetId: '5f0000000000000000000001',
    imsOrgId: emu.imsOrgId,
    flowId: 'flow-1',
    ...(emuOpts.auth ? { auth: { tokenEndpoint: emu.tokenEndpoint, clientId: emu.clientId, clientSecret: emu.clientSecret, scopes: ['openid', 'AdobeID'] } } : {}),
    ...targetExtra,
  };
  const client = createAepClient(target, {
    baseDelayMs: 1,
    maxRetryAfterMs: 20,
    timeoutMs: 5000,
    random: () => 0.5,
    onExchange: (r) => exchanges.push(r),
    onRetry: (r) => retries.push(r),
    ...clientOpts,
  });
  return {
    emu,
    client,
    exchanges,
    retries,
    target,
    close: async () => {
      await client.close();
      await emu.close();
    },
  };
}

export function event(i: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { _id: `evt-${i}`, timestamp: '2024-05-01T10:00:00Z', eventType: 'directMarketing.emailSent', ...extra };
}
