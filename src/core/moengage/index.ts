export { PayloadValidator, validatePayload, MAX_REQUEST_BYTES, RECOMMENDED_RECORD_BYTES, MOENGAGE_BATCH_SIZE, type ValidateOptions } from './validate';
export { parsePayload, eventKindOf, type PayloadShape, type PayloadEvent, type ParsedPayload, type EventKind } from './parse';
export { EVENT_CODES, lookupEventCode, suggestEventCode, aliasesOf, type EventCodeInfo, type Channel, type XdmBasis } from './eventCodes';
export { EVENT_TYPES, CAMPAIGN_KEYS } from './rules';
