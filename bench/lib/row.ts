/** One line of the results table. Figures are numbers so CI and the JSON copy can read them. */
export interface BenchRow {
  id: string;
  case: string;
  ours: string;
  baseline: string;
  /** How many times better ours is in the target's direction (>1 = ours wins), or null for report-only rows. */
  ratio: number | null;
  target: string;
  pass: boolean | null;
  /** Raw numbers behind the row (ms, events/s, bytes, MB). */
  figures: Record<string, number>;
  notes: string[];
}

export interface BenchContext {
  quick: boolean;
  /** Directory of bundled bench files (children are started from here). */
  outDir: string;
  /** Repository root. */
  root: string;
  /** Cached generated inputs. */
  dataDir: string;
  log: (line: string) => void;
}

export const ms = (x: number) => (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : x >= 10 ? `${x.toFixed(0)} ms` : `${x.toFixed(2)} ms`);
export const perSec = (x: number) => `${Math.round(x).toLocaleString('en-US')} ev/s`;
export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
