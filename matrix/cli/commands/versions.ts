/** `matrix versions --transformers 3.7.4,4.3.1`: see ./commits.ts, which shares its options and output. */
export { registerVersions as register } from './commits.js';
