export * from './types';
export { startEmulator, generateInletId, DEFAULT_EMULATOR_ORG, DEFAULT_MAX_BODY_BYTES } from './server';
