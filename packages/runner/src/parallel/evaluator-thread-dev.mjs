// Running from TypeScript sources (tests, dev): register tsx and the workspace's source condition first, as
// ../worker-dev.mjs does for the run pool.
import { register as registerHooks } from 'node:module';
import { register } from 'tsx/esm/api';

const sourceCondition = `export async function resolve(specifier, context, next) {
  return next(specifier, { ...context, conditions: [...context.conditions, '@peapod/source'] });
}`;
registerHooks(`data:text/javascript,${encodeURIComponent(sourceCondition)}`);
register();
await import('./evaluator-thread.ts');
