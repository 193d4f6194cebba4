export * from './fake-backend';
export * from './null-backend';
