import * as fs from 'node:fs';
import * as readline from 'node:readline';
import type { JournalState, ResumeLine } from '../../core/aep/resume';

/**
 * `readJournalState` (src/core/aep/resume.ts) with the same rules, read line by line: a replay of days
 * of events leaves a journal of hundreds of MB (a `sent` and an answer line per event), which read whole
 * costs a string of that size plus an array of every line. The sets are what remains (O(accepted keys)).
 */
export async function readJournalStateStreaming(file: string): Promise<JournalState> {
  const state: JournalState = { acknowledged: new Set(), unanswered: new Set() };
  let input: fs.ReadStream;
  try {
    fs.accessSync(file, fs.constants.R_OK);
    input = fs.createReadStream(file, { encoding: 'utf8', highWaterMark: 256 * 1024 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return state;
    throw e;
  }
  const rl = readline.createInterface({ input, crlfDelay: Infinity });
  for await (const line of rl) {
    if (!line.trim()) continue;
    let r: Partial<ResumeLine>;
    try {
      r = JSON.parse(line) as Partial<ResumeLine>;
    } catch {
      continue; // torn last line of a killed run
    }
    if (r.v !== 1 || typeof r.key !== 'string') continue;
    if (r.status === 'sent') state.unanswered.add(r.key);
    else state.unanswered.delete(r.key);
    if (r.status === 'accepted') state.acknowledged.add(r.key);
  }
  for (const k of state.acknowledged) state.unanswered.delete(k);
  return state;
}
