import type { CoreDiagnostic } from '../../core/diagnostics';
import { CoreBackedDiagnostic } from '../common/diagnostic';

export { toRange } from '../common/diagnostic';

/** Mapping checks report under their own source (`moe-aep.mapping`, `moe-aep.transform`, …). */
export class MappingDiagnostic extends CoreBackedDiagnostic {
  constructor(core: CoreDiagnostic) {
    super(core, core.source ?? 'moe-aep.mapping');
  }
}
