export { createSimulator } from './server';
export type { Simulator, SimulatorStats } from './server';
export { DEFAULT_OPTIONS } from './options';
export type { SimulatorOptions, RuntimeConfig } from './options';
export type { Faults } from './faults';
export { DEMO_ACCOUNT_ID, DEMO_INSTANCE_ID } from './state';
