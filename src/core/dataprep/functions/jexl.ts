import { isNull, isPlainObject } from '../values';
import { fn, type FunctionDef } from './types';

const REF = 'aep-streaming-and-dataprep.md §5.1 [INFERENCE] (JEXL operators)';
/** `empty(x)` / `size(x)`: JEXL, inferred: aep-streaming-and-dataprep.md §5.1 [INFERENCE]. */
export const jexlFunctions: FunctionDef[] = [
  fn('empty', 'JEXL operator (inferred)', [1, 1], ['empty(VALUE)', 'empty VALUE'], 'Boolean', 'JEXL: true for null, "", an empty array or an empty object. Inferred from the reserved-word list; check with the /languages/el/validate endpoint.', (a) => {
    const v = a[0];
    if (isNull(v)) return true;
    if (typeof v === 'string' || Array.isArray(v)) return v.length === 0;
    if (isPlainObject(v)) return Object.keys(v).length === 0;
    return false;
  }, { reference: REF }),
  fn('size', 'JEXL operator (inferred)', [1, 1], ['size(VALUE)', 'size VALUE'], 'Integer', 'JEXL: length of a string or array, key count of an object; 0 for null. Inferred, see empty.', (a) => {
    const v = a[0];
    if (isNull(v)) return 0;
    if (typeof v === 'string' || Array.isArray(v)) return v.length;
    if (isPlainObject(v)) return Object.keys(v).length;
    return 1;
  }, { reference: REF }),
];
