/**
 * The one diagnostic shape of the core. Every parser and rule reports problems in this form;
 * the extension converts it to vscode.Diagnostic and the CLI prints it. Positions are 0-based
 * (LSP convention); the CLI adds 1 for human output.
 */
export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** A text edit on the document the diagnostic belongs to. */
export interface TextEdit {
  range: Range;
  newText: string;
}

/** A quick fix computed by the core, so that the editor and a future `--fix` in the CLI agree. */
export interface Fix {
  title: string;
  edits: TextEdit[];
  /** The fix the editor offers first (VS Code `isPreferred`). */
  preferred?: boolean;
}

export interface CoreDiagnostic {
  range: Range;
  severity: Severity;
  /** Stable identifier, e.g. `moe.time-in-ms`; documented in the README and used by quick fixes. */
  code: string;
  /** Says what is wrong and what to do about it. */
  message: string;
  /** Which checker produced it: `moe-aep` (payload rules), `moe-aep.mapping`, `AEP` (a response from AEP) … */
  source?: string;
  fixes?: Fix[];
}

export const severityRank: Record<Severity, number> = { error: 0, warning: 1, information: 2, hint: 3 };

export function hasErrors(diags: readonly CoreDiagnostic[]): boolean {
  return diags.some((d) => d.severity === 'error');
}

export function sortDiagnostics<T extends CoreDiagnostic>(diags: T[]): T[] {
  return diags.sort(
    (a, b) =>
      a.range.start.line - b.range.start.line ||
      a.range.start.character - b.range.start.character ||
      severityRank[a.severity] - severityRank[b.severity] ||
      a.code.localeCompare(b.code),
  );
}

/** The typed error every core parser throws for input it cannot read at all (never a bare Error). */
export class InputError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly range?: Range,
  ) {
    super(message);
    this.name = 'InputError';
  }
}
