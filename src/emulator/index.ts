export * from './types';
export { startEmulator, generateInletId, DEFAULT_EMULATOR_ORG, DEFAULT_MAX_BODY_BYTES } from './server';
// The Data Prep pipeline is imported from './pipeline' only when a mapping or schema is given:
// it pulls in the mapping engine, which plain emulator users do not need.
