import { fileURLToPath } from 'node:url';
import { placementLines, scheduleFiles } from './embed.js';

// Usage: pnpm --filter @peapod/example-embed start [MANIFEST...]   (default: examples/cluster.yaml)
const paths = process.argv.slice(2);
if (paths.length === 0) paths.push(fileURLToPath(new URL('../../cluster.yaml', import.meta.url)));

const result = await scheduleFiles(paths);
for (const line of placementLines(result)) console.log(line);
const { scheduled, unschedulable } = result.summary;
console.log(`${scheduled} scheduled, ${unschedulable} unschedulable`);
