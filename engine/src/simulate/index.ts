// Runs the interpreter on a virtual clock: "what would happen to these customers over 30 days".
export { simulate, type Behaviour, type SimulationOptions, type SimulationResult } from './many.ts';
export { happens, simulateOne, type CustomerRun, type CustomerScript, type ScriptedEvent } from './one.ts';
export { ExperimentTally, type SimulatedExperiment } from './experiments.ts';
export { estimatePower, type PowerEstimate } from './power.ts';
