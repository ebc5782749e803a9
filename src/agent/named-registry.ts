import { closeMatches } from '../env/edit-distance.js';
import { ConfigError } from '../errors.js';

/** What every registry entry has: an id and a line for listings. */
export interface NamedEntry {
  readonly id: string;
  readonly description?: string;
}

/**
 * A set of entries keyed by id, with the error messages users need: a duplicate id is refused
 * (unless overridden) and an unknown id names close matches and every known id. The agent,
 * data and sink registries extend it; each experiment's container owns its own instances.
 *
 * @example
 * ```ts
 * class ColorRegistry extends NamedRegistry<{ id: string; hex: string }> { constructor() { super('color'); } }
 * const colors = new ColorRegistry();
 * colors.register({ id: 'red', hex: '#f00' });
 * colors.get('rde');   // throws: Unknown color id 'rde'. Did you mean 'red'? Known: red
 * ```
 */
export class NamedRegistry<Entry extends NamedEntry> {
  private readonly entries = new Map<string, Entry>();

  /** @param kind what the entries are, for messages (`agent`, `data source`, `sink`). */
  constructor(readonly kind: string) {}

  /** Adds an entry; throws a `ConfigError` for an empty or already registered id (unless `override`). */
  register(entry: Entry, options: { readonly override?: boolean } = {}): void {
    if (typeof entry?.id !== 'string' || entry.id.length === 0) {
      throw new ConfigError(`${this.kind} registration needs a non-empty string id, got ${JSON.stringify(entry?.id)}`);
    }
    if (this.entries.has(entry.id) && options.override !== true) {
      throw new ConfigError(`${capitalize(this.kind)} id '${entry.id}' is already registered; pass { override: true } to replace it`);
    }
    this.entries.set(entry.id, entry);
  }

  has(id: string): boolean {
    return this.entries.has(id);
  }

  /** The entry `id`; throws a `ConfigError` suggesting close ids and listing the known ones. */
  get(id: string): Entry {
    const entry = this.entries.get(id);
    if (entry !== undefined) return entry;
    const known = [...this.entries.keys()].sort();
    const close = closeMatches(id, known);
    const hint = close.length > 0 ? ` Did you mean ${close.map((c) => `'${c}'`).join(' or ')}?` : '';
    const list = known.length > 0 ? ` Known: ${known.join(', ')}` : ` No ${this.kind}s are registered.`;
    throw new ConfigError(`Unknown ${this.kind} id '${id}'.${hint}${list}`);
  }

  /** Every entry, sorted by id. */
  list(): Entry[] {
    return [...this.entries.values()].sort((a, b) => a.id.localeCompare(b.id));
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
