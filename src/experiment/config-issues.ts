import type { z } from 'zod';

/**
 * Turns zod issues into one line each, `field.path: what was expected, got what`, the format
 * {@link parseConfig} puts into its `ConfigError`. Kept apart from the schema so the wording of
 * every message lives in one place.
 *
 * @example
 * ```ts
 * formatIssues(schema.safeParse(value, { reportInput: true }).error!.issues);
 * // ['train.steps: expected a positive integer, got -5']
 * ```
 */
export function formatIssues(issues: readonly z.core.$ZodIssue[], schema?: z.ZodType): string[] {
  return issues.flatMap((issue) => formatIssue(issue, schema).split('\n'));
}

function formatIssue(issue: z.core.$ZodIssue, schema: z.ZodType | undefined): string {
  const where = formatPath(issue.path);
  const input = (issue as { input?: unknown }).input;
  if (issue.code === 'unrecognized_keys') {
    // One line per key, named by its full path: `agent.lr: unknown key (allowed: id, options)`.
    const allowed = schema ? objectKeysAt(schema, issue.path).join(', ') : '';
    return issue.keys.map((key) => `${formatPath([...issue.path, key])}: unknown key${allowed ? ` (allowed: ${allowed})` : ''}`).join('\n');
  }
  if (issue.code === 'invalid_key') {
    // A record key failed its own schema: report the key's problem, naming the key.
    const inner = issue.issues[0];
    return `${where}: ${inner && inner.message.startsWith('expected') ? inner.message : 'invalid key'}, got ${describeValue(input)}`;
  }
  if (issue.code === 'invalid_value') {
    const values = issue.values.map((v) => JSON.stringify(v)).join(', ');
    return `${where}: expected one of ${values}, got ${describeValue(input)}`;
  }
  // Schemas in config.ts give every check a message that starts with "expected ...";
  // zod's own wording is the fallback for anything they did not anticipate.
  const expected = issue.message.startsWith('expected') ? issue.message : issue.message.replace(/^Invalid input: /, '');
  if (issue.code === 'custom') return `${where}: ${expected}`;
  return `${where}: ${expected}, got ${describeValue(input)}`;
}

/** `train.steps`, `plugins[2]`, or `(config)` for the root. */
export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(config)';
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (!/^[A-Za-z_$][\w$]*$/.test(String(key))) out += `[${JSON.stringify(String(key))}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

/** A short, JSON-like rendering of a bad value for error messages. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing (the field is required)';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  return typeof value;
}

/** The keys an object schema nested at `path` accepts (unwrapping defaults, optionals, pipes). */
export function objectKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let node: z.core.$ZodType | undefined = unwrap(schema);
  for (const key of path) {
    if (node === undefined) return [];
    const def = node._zod.def as { type: string; shape?: Record<string, z.core.$ZodType>; element?: z.core.$ZodType; valueType?: z.core.$ZodType };
    if (def.type === 'object' && def.shape) node = def.shape[String(key)];
    else if (def.type === 'array') node = def.element;
    else if (def.type === 'record') node = def.valueType;
    else return [];
    node = node === undefined ? undefined : unwrap(node);
  }
  const def = node?._zod.def as { type: string; shape?: Record<string, unknown> } | undefined;
  return def?.type === 'object' && def.shape ? Object.keys(def.shape) : [];
}

function unwrap(node: z.core.$ZodType): z.core.$ZodType {
  for (;;) {
    const def = node._zod.def as { type: string; innerType?: z.core.$ZodType; in?: z.core.$ZodType };
    if ((def.type === 'default' || def.type === 'optional' || def.type === 'prefault' || def.type === 'nullable') && def.innerType) node = def.innerType;
    else if (def.type === 'pipe' && def.in) node = def.in;
    else return node;
  }
}
