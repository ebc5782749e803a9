/** The experiment layer: configs, run folders, checkpoints, experiments, sweeps. */
export * from './atomic-write.js';
export * from './attach-sink.js';
export * from './build-experiment.js';
export * from './checkpoint-io.js';
export * from './config.js';
export * from './episode-replay-env.js';
export * from './evaluate-run.js';
export * from './event-line.js';
export * from './experiment.js';
export * from './run-folder.js';
export * from './run-recorder.js';
export * from './run-summary.js';
export * from './summary-tracker.js';
export * from './sweep.js';
export * from './sweep-report.js';
export * from './sweep-spec.js';
