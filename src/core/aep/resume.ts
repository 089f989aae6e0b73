import * as fs from 'node:fs';
import { createHash } from 'node:crypto';
import type { MessageOutcome } from './types';

/**
 * The CLI's resume journal: one NDJSON line per answered message. Resuming relies on THIS file, not
 * on DCS: whether DCS de-duplicates a resent message is [UNCONFIRMED] (§1.5). A line is written
 * synchronously as soon as AEP answers, so a `kill -9` can only lose answers still in flight. A message
 * the server stored but whose answer was lost is sent again on resume; a stable `_id` keeps that
 * duplicate identifiable (§6.3).
 */
export interface ResumeLine {
  v: 1;
  key: string;
  file: string;
  event: number;
  status: MessageOutcome['status'];
  httpStatus?: number;
  xactionId?: string;
  message?: string;
  at: string;
}

/** Identity of one source event: file, position and content, so an edited event is sent again. */
export function eventKey(file: string, event: number, source: unknown): string {
  const hash = createHash('sha256').update(JSON.stringify(source) ?? '').digest('hex').slice(0, 16);
  return `${file}#${event}:${hash}`;
}

/** Keys already accepted. Torn or foreign lines are skipped: they never acknowledged anything. */
export function readAcknowledged(file: string): Set<string> {
  const done = new Set<string>();
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return done;
    throw e;
  }
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const r = JSON.parse(line) as Partial<ResumeLine>;
      if (r.v === 1 && typeof r.key === 'string' && r.status === 'accepted') done.add(r.key);
    } catch {
      // torn last line of a killed run
    }
  }
  return done;
}

export class ResumeJournal {
  private fd: number;

  constructor(readonly file: string) {
    this.fd = fs.openSync(file, 'a');
    // A torn last line from a killed run must not glue onto our first line.
    const size = fs.fstatSync(this.fd).size;
    if (size > 0) {
      const b = Buffer.alloc(1);
      const rfd = fs.openSync(file, 'r');
      fs.readSync(rfd, b, 0, 1, size - 1);
      fs.closeSync(rfd);
      if (b[0] !== 10) fs.writeSync(this.fd, '\n');
    }
  }

  append(line: Omit<ResumeLine, 'v' | 'at'>): void {
    // Messages carry no secrets, but AEP's answer text is echoed: keep only our own fields.
    fs.writeSync(this.fd, JSON.stringify({ v: 1, ...line, at: new Date().toISOString() }) + '\n');
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}
