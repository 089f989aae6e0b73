export * from './types';
export { createAepClient, inletUrls, DEFAULT_MAX_BATCH_BYTES, DEFAULT_MAX_BATCH_MESSAGES } from './client';
export { buildXdmEnvelope, DEFAULT_SCHEMA_CONTENT_TYPE } from './envelope';
export { ImsError, DEFAULT_IMS_TOKEN_ENDPOINT, expiresInToMs } from './token';
export { Redactor, REDACTED } from './redact';
export { isLoopbackHost, isAdobeHost, checkUrl, checkBearerHost } from './safety';
export { flattenCauses, describeError } from './responses';
export { parseRetryAfter, isRetryableStatus } from './retry';
export { eventKey, parseResumeLine, readJournalState, ResumeJournal, type ResumeLine, type JournalState } from './resume';
