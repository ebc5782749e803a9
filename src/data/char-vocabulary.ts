import { ConfigError } from '../errors.js';

/**
 * The characters of a corpus, sorted by code point, each with an integer id (its position).
 * Characters are Unicode code points, so an emoji or other astral character is one token, not two
 * UTF-16 halves.
 *
 * @example
 * ```ts
 * const vocab = CharVocabulary.fromText('hello');
 * vocab.chars;               // ['e', 'h', 'l', 'o']
 * vocab.encode('hole');      // Int32Array [1, 3, 2, 0]
 * vocab.decode([1, 0, 2]);   // 'hel'
 * ```
 */
export class CharVocabulary {
  /** The characters, id order. */
  readonly chars: readonly string[];
  private readonly idOf: ReadonlyMap<string, number>;

  /** @param chars distinct characters, in id order. */
  constructor(chars: readonly string[]) {
    const idOf = new Map<string, number>();
    chars.forEach((char, id) => {
      if ([...char].length !== 1) throw new ConfigError(`CharVocabulary: entry ${id} (${JSON.stringify(char)}) is not one character`);
      if (idOf.has(char)) throw new ConfigError(`CharVocabulary: character ${JSON.stringify(char)} appears twice`);
      idOf.set(char, id);
    });
    this.chars = Object.freeze([...chars]);
    this.idOf = idOf;
  }

  /** The sorted unique characters of `text`. */
  static fromText(text: string): CharVocabulary {
    const unique = [...new Set(text)];
    unique.sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!);
    return new CharVocabulary(unique);
  }

  /** Number of characters (the size of a model's embedding and softmax). */
  get size(): number {
    return this.chars.length;
  }

  /** The id of every character of `text`; throws on a character outside the vocabulary. */
  encode(text: string): Int32Array {
    const chars = [...text];
    const ids = new Int32Array(chars.length);
    chars.forEach((char, i) => {
      const id = this.idOf.get(char);
      if (id === undefined) {
        throw new ConfigError(`CharVocabulary.encode: character ${JSON.stringify(char)} at position ${i} is not in the vocabulary of ${this.size} characters`);
      }
      ids[i] = id;
    });
    return ids;
  }

  /** The text spelled by `ids`; throws on an id outside `[0, size)`. */
  decode(ids: ArrayLike<number>): string {
    let text = '';
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      const char = this.chars[id];
      if (!Number.isInteger(id) || char === undefined) {
        throw new ConfigError(`CharVocabulary.decode: id ${String(id)} at position ${i} is out of range; expected an integer in [0, ${this.size})`);
      }
      text += char;
    }
    return text;
  }
}
