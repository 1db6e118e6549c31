// Lives in the engine so that worker threads (@peapod/runner) print decisions byte for byte as the CLI.
export { orderKeys } from '@peapod/engine';
