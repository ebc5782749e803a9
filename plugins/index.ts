/**
 * `neuroloop/plugins`: optional plugins. For now the sinks: each sink class, the SVG chart
 * renderer, and `sinksPlugin` (also the default export, so `plugins: ["neuroloop/plugins"]`
 * style loading works).
 */
import { sinksPlugin } from './sinks/sinks-plugin.js';

export * from './sinks/csv-sink.js';
export * from './sinks/curve-sink.js';
export * from './sinks/early-stopping-sink.js';
export * from './sinks/jsonl-sink.js';
export * from './sinks/progress-sink.js';
export * from './sinks/svg-line-chart.js';
export * from './sinks/sinks-plugin.js';

export default sinksPlugin;
