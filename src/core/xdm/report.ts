import type { XdmIssue } from './types';

/**
 * The `report.cause._streamingValidation` element DCS returns for a failed sync validation
 * (aep-streaming-and-dataprep.md §1.3): one root entry wrapping the individual violations.
 */
export function streamingValidationReport(issues: XdmIssue[]): XdmIssue {
  return {
    schemaLocation: '#',
    pointerToViolation: '#',
    causingExceptions: issues,
    keyword: issues.length === 1 ? issues[0].keyword : 'allOf',
    message: `${issues.length} schema violation${issues.length === 1 ? '' : 's'} found`,
  };
}
