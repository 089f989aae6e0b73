import * as fs from 'node:fs';
import * as readline from 'node:readline';
import { parseResumeLine, type ResumeLine } from '../../core/aep/resume';

/** What `--resume` asks of the journal: the same answers as `readJournalState`'s two sets. */
export interface ResumeState {
  /** Keys AEP accepted. */
  acknowledged: { has(key: string): boolean };
  /** Keys dispatched whose answer never arrived (the run died): possibly stored, fate unknown. */
  unanswered: { has(key: string): boolean };
}

const USED = 1;
const ACKED = 2;
const LAST_SENT = 4;

/** One file's events: the 64-bit content hash of each event number and its state bits (9 bytes an event). */
interface Slots {
  hi: Uint32Array;
  lo: Uint32Array;
  bits: Uint8Array;
}

/**
 * Journal keys are `eventKey(absFile, event, value)` = `<file>#<event>:<16 hex>` (src/core/aep/resume.ts).
 * A replay of days holds millions of them; as strings in Sets that is ~150 bytes a key, as typed arrays
 * per file 9 bytes, with the same exact-match answers (file, event number and the full hash are all
 * compared). A key of another form, or a second hash for the same event (an edited file), goes to a Map.
 */
class KeyTable {
  private readonly files = new Map<string, Slots>();
  private readonly other = new Map<string, number>();

  apply(key: string, status: ResumeLine['status']): void {
    const at = this.locate(key, true);
    let bits = at ? at.slots.bits[at.event] : (this.other.get(key) ?? 0);
    bits = status === 'sent' ? bits | LAST_SENT : bits & ~LAST_SENT;
    if (status === 'accepted') bits |= ACKED;
    if (at) at.slots.bits[at.event] = bits | USED;
    else this.other.set(key, bits);
  }

  bits(key: string): number {
    const at = this.locate(key, false);
    return at ? at.slots.bits[at.event] : (this.other.get(key) ?? 0);
  }

  /** The slot holding exactly this key, claiming a free one when `claim`; undefined → the `other` map. */
  private locate(key: string, claim: boolean): { slots: Slots; event: number } | undefined {
    const hash = key.length - 16;
    const colon = hash - 1;
    if (colon < 2 || key.charCodeAt(colon) !== 0x3a) return undefined;
    const sharp = key.lastIndexOf('#', colon);
    if (sharp < 0) return undefined;
    const event = Number(key.slice(sharp + 1, colon));
    const hex = key.slice(hash);
    if (!Number.isSafeInteger(event) || event < 0 || event > 0x7fffffff || !/^[0-9a-f]{16}$/.test(hex) || (this.other.size && this.other.has(key))) return undefined;
    const hi = parseInt(hex.slice(0, 8), 16) >>> 0;
    const lo = parseInt(hex.slice(8), 16) >>> 0;
    const file = key.slice(0, sharp);
    let slots = this.files.get(file);
    if (!slots) {
      if (!claim) return undefined;
      slots = { hi: new Uint32Array(1024), lo: new Uint32Array(1024), bits: new Uint8Array(1024) };
      this.files.set(file, slots);
    }
    if (event >= slots.bits.length) {
      if (!claim) return undefined;
      slots = grow(slots, event + 1);
      this.files.set(file, slots);
    }
    const b = slots.bits[event];
    if (!(b & USED)) {
      if (!claim) return undefined;
      slots.hi[event] = hi;
      slots.lo[event] = lo;
      return { slots, event };
    }
    return slots.hi[event] === hi && slots.lo[event] === lo ? { slots, event } : undefined;
  }
}

function grow(s: Slots, need: number): Slots {
  let n = s.bits.length;
  while (n < need) n *= 2;
  const out = { hi: new Uint32Array(n), lo: new Uint32Array(n), bits: new Uint8Array(n) };
  out.hi.set(s.hi);
  out.lo.set(s.lo);
  out.bits.set(s.bits);
  return out;
}

/**
 * `readJournalState` (src/core/aep/resume.ts) with the same rules, read line by line into a compact
 * table: a replay's journal is a `sent` and an answer line per event (~600 MB for 1 GB of events), which
 * read whole is a string of that size plus an array of every line, and as key Sets ~150 MB more.
 */
export async function readResumeState(file: string): Promise<ResumeState> {
  const table = new KeyTable();
  const state: ResumeState = {
    // A key once accepted stays accepted; otherwise its last line decides (`sent` = no answer came).
    acknowledged: { has: (k) => (table.bits(k) & ACKED) !== 0 },
    unanswered: { has: (k) => (table.bits(k) & (ACKED | LAST_SENT)) === LAST_SENT },
  };
  if (!fs.existsSync(file)) return state;
  const input = fs.createReadStream(file, { encoding: 'utf8', highWaterMark: 256 * 1024 });
  const rl = readline.createInterface({ input, crlfDelay: Infinity });
  for await (const line of rl) {
    const r = parseResumeLine(line);
    if (r) table.apply(r.key, r.status);
  }
  return state;
}
