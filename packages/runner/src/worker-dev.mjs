// Running from TypeScript sources (tests, dev): Node 20 workers cannot load .ts, so register tsx in the
// worker first, and resolve workspace packages to their sources as the main thread does (no build needed).
import { register as registerHooks } from 'node:module';
import { register } from 'tsx/esm/api';

const sourceCondition = `export async function resolve(specifier, context, next) {
  return next(specifier, { ...context, conditions: [...context.conditions, '@peapod/source'] });
}`;
registerHooks(`data:text/javascript,${encodeURIComponent(sourceCondition)}`);
register();
const { default: handle } = await import('./worker.ts');
export default handle;
