import { fn, type FunctionDef } from './types';
import type { Availability } from '../types';

/** Functions Data Prep documents for other flows: recognised (not "unknown") but not runnable in streaming source mappings. */
function off(name: string, availability: Availability, category: string, arity: [number, number], sig: string, description: string, reference: string): FunctionDef {
  return fn(name, category, arity, [sig], 'Any', description, undefined, { availability, reference });
}

const DE = 'aep-streaming-and-dataprep.md §5.2 † (German functions.md)';
const AA = 'Analytics (WebSDK/Analytics flows only)';
export const unavailableFunctions: FunctionDef[] = [
  off('upsert_array_append', 'profile-update-only', 'Arrays', [1, 1], 'upsert_array_append(ARRAY)', 'Appends to an array in a profile update.', 'aep-streaming-and-dataprep.md §5.2'),
  off('upsert_array_replace', 'profile-update-only', 'Arrays', [1, 1], 'upsert_array_replace(ARRAY)', 'Replaces an array in a profile update.', 'aep-streaming-and-dataprep.md §5.2'),
  off('array_to_string', 'destination-only', 'Arrays', [2, 2], 'array_to_string(SEPARATOR, ARRAY)', 'Joins an array into a string (destinations only).', DE),
  off('filterArray', 'destination-only', 'Arrays', [2, 2], 'filterArray(ARRAY, x -> predicate)', 'Keeps the elements matching a predicate (destinations only).', DE),
  off('transformArray', 'destination-only', 'Arrays', [2, 2], 'transformArray(ARRAY, x -> expression)', 'Transforms every element (destinations only).', DE),
  off('flattenArray', 'destination-only', 'Arrays', [1, 1], 'flattenArray(ARRAY)', 'Flattens nested arrays (destinations only; name reconstructed from the German copy [INFERENCE]).', DE),
  off('aa_get_event_id', 'analytics-only', AA, [2, 3], 'aa_get_event_id(EVENT_STRING, EVENT_NAME)', 'Analytics event id.', DE),
  off('aa_get_event_value', 'analytics-only', AA, [2, 3], 'aa_get_event_value(EVENT_STRING, EVENT_NAME)', 'Analytics event value.', DE),
  off('aa_get_product_categories', 'analytics-only', AA, [1, 1], 'aa_get_product_categories(PRODUCTS_STRING)', 'Analytics product categories.', DE),
  off('aa_get_product_names', 'analytics-only', AA, [1, 1], 'aa_get_product_names(PRODUCTS_STRING)', 'Analytics product names.', DE),
  off('aa_get_product_quantity', 'analytics-only', AA, [1, 1], 'aa_get_product_quantity(PRODUCTS_STRING)', 'Analytics product quantities.', DE),
  off('aa_get_product_prices', 'analytics-only', AA, [1, 1], 'aa_get_product_prices(PRODUCTS_STRING)', 'Analytics product prices.', DE),
  off('aa_get_product_event_values', 'analytics-only', AA, [2, 2], 'aa_get_product_event_values(PRODUCTS_STRING, EVENT_NAME)', 'Analytics product event values.', DE),
  off('aa_get_product_evars', 'analytics-only', AA, [2, 2], 'aa_get_product_evars(PRODUCTS_STRING, EVAR_NAME)', 'Analytics product eVars.', DE),
];
