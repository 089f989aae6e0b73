export * from './types';
export * from './model';
export * from './journal';
export * from './redact';
export * from './aepErrors';
export * from './aepDiagnostics';
export * from './payloadEvents';
export * from './fromClient';
