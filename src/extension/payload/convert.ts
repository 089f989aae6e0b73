import type { CoreDiagnostic } from '../../core/diagnostics';
import { CoreBackedDiagnostic } from '../common/diagnostic';

export { toRange } from '../common/diagnostic';

/** Payload rules always report as `moe-aep`, the collection users filter on. */
export class PayloadDiagnostic extends CoreBackedDiagnostic {
  constructor(core: CoreDiagnostic) {
    super(core, 'moe-aep');
  }
}
