// Running from TypeScript sources (tests, dev): Node 20 workers cannot load .ts, so register tsx in the
// worker first. Compiled builds use worker.js directly.
import { register } from 'tsx/esm/api';

register();
const { default: handle } = await import('./worker.ts');
export default handle;
