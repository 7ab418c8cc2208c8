/** Replaced by esbuild at build time; tests and tsc see the fallback. */
declare const __SWITCHYARD_VERSION__: string | undefined;
export const VERSION: string = typeof __SWITCHYARD_VERSION__ === 'string' ? __SWITCHYARD_VERSION__ : '0.0.0-dev';
