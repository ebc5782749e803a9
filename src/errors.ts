/**
 * Error types thrown by neuroloop. Every message says what went wrong, where, and what was
 * expected, so a user can act on it without reading the source.
 *
 * @example
 * ```ts
 * try { tensor.reshape([3, 5]); } catch (e) { if (e instanceof ShapeError) console.error(e.message); }
 * ```
 */
export class NeuroloopError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A tensor shape did not fit an operation; the message names the operation and both shapes. */
export class ShapeError extends NeuroloopError {}

/** A configuration or option value was invalid; the message names the field. */
export class ConfigError extends NeuroloopError {}

/** A value was NaN or infinite where a finite number was required (loss, parameter, reward). */
export class NonFiniteError extends NeuroloopError {}

/** A file (checkpoint, weights, dataset) was missing, malformed or did not match. */
export class FileFormatError extends NeuroloopError {}

/** Formats a shape for error messages: `[2, 3]`. */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}
