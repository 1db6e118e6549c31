export { ApiServer, type ApiServerOptions, type DeleteOptions } from './api/server.js';
export type {
  ApiError,
  ApiObject,
  ApiResult,
  ContainerStatus,
  Endpoints,
  Kind,
  KindMap,
  Lease,
  SimPodStatus,
  WatchEvent,
} from './api/types.js';
export { DEMO_SCENARIO, demoPlan } from './demo.js';
export { podDisplayStatus, podReadyColumn } from './display.js';
export { EventQueue, type Timer, type TimerOptions } from './event-queue.js';
export { EventRecorder, type TimelineEvent, type TimelineType } from './events.js';
export * from './result.js';
export {
  type FileReader,
  loadScenarioFile,
  type ManifestItem,
  type PlannedAction,
  type PodTarget,
  parseScenario,
  type ScenarioPlan,
} from './scenario/load.js';
export { createScenarioSimulation, type RunOptions, runScenario, STEADY_LIMIT_MS } from './scenario/run.js';
export { SCENARIO_API_VERSION, type Scenario, type ScenarioAction, ScenarioSchema } from './scenario/schema.js';
export * from './simulation.js';
export { formatDuration, parseDuration, timestamp } from './time.js';
