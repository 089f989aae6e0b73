import * as vscode from 'vscode';
import type { CoreDiagnostic, Range as CoreRange } from '../../core/diagnostics';

const SEVERITY: Record<CoreDiagnostic['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

export function toRange(r: CoreRange): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

/** A vscode.Diagnostic that remembers its core fixes, so the code action provider can offer them. */
export class MappingDiagnostic extends vscode.Diagnostic {
  constructor(readonly core: CoreDiagnostic) {
    super(toRange(core.range), core.message, SEVERITY[core.severity]);
    this.source = core.source ?? 'moe-aep.mapping';
    this.code = core.code;
  }
}
