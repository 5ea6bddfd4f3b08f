export * from './app-error';
export { maskError, isDatabaseUnavailable, publicErrorCode } from './mask';
