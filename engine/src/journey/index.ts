// The journey JSON format, its validation and its compilation into a Plan.
export { EventMatch, ExperimentGoal, Journey, JourneyEdge, JourneyNode, JourneySettings, PropertyFilter, Violation, ViolationCode } from './schema.ts';
export { validateGraph, type ValidateOptions } from './validate.ts';
export { compile, type CompileOptions } from './compile.ts';
