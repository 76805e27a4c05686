/**
 * Importing this module registers every target of the demo: a config can only name what has been
 * registered, and type-only imports would not run the modules' `configurable` calls.
 */
export * from './activations.js';
export * from './checkpoint.js';
export * from './data.js';
export * from './errors.js';
export * from './mlp.js';
export * from './optim.js';
export * from './report.js';
export * from './schedule.js';
export * from './train.js';
