export * from './fake-backend';
export * from './null-backend';
export * from './fake-speech';
