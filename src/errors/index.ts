export * from './app-error';
export { maskError, isDatabaseUnavailable } from './mask';
