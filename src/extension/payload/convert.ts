import * as vscode from 'vscode';
import type { CoreDiagnostic, Range as CoreRange, Severity } from '../../core/diagnostics';

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

export function toRange(r: CoreRange): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

/** A vscode.Diagnostic that keeps the core diagnostic, so quick fixes come from the core's `fixes`. */
export class PayloadDiagnostic extends vscode.Diagnostic {
  constructor(readonly core: CoreDiagnostic) {
    super(toRange(core.range), core.message, SEVERITY[core.severity]);
    this.code = core.code;
    this.source = 'moe-aep';
  }
}
