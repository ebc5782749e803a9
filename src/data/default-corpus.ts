import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FileFormatError } from '../errors.js';

/**
 * The folder holding neuroloop's own `package.json`, found by walking up from this module (works
 * from `src/` under tsx and from `dist/src/` once built).
 *
 * @example
 * ```ts
 * packageRoot(); // '/work/main'
 * ```
 */
export function packageRoot(): string {
  const start = dirname(fileURLToPath(import.meta.url));
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'neuroloop') return dir;
      } catch {
        // An unreadable manifest belongs to something else: keep walking up.
      }
    }
    if (dirname(dir) === dir) break;
  }
  throw new FileFormatError(`char-corpus: no package.json named "neuroloop" in ${start} or any folder above it; cannot locate the default corpus`);
}

/**
 * The default text for the character-level RNN: neuroloop's README.md followed by the TSDoc
 * comments of its sources (`src/**\/*.ts`, or `dist/src/**\/*.d.ts` in an installed package,
 * whose declarations keep the comments), files in sorted path order, so the text is the same on
 * every machine for a given version of neuroloop. It is English prose about this library with
 * some code, a few hundred kilobytes at most: enough for a small model to learn words.
 * Everything is read at call time from inside the package; nothing is downloaded.
 *
 * @example
 * ```ts
 * const corpus = charCorpus(defaultCorpusText(), { seqLength: 64 });
 * ```
 */
export function defaultCorpusText(root: string = packageRoot()): string {
  const readme = join(root, 'README.md');
  if (!existsSync(readme)) throw new FileFormatError(`char-corpus: the default corpus needs ${readme}, which is missing`);
  const parts = [readFileSync(readme, 'utf8').trim()];
  const sources = existsSync(join(root, 'src')) ? listFiles(join(root, 'src'), '.ts') : listFiles(join(root, 'dist', 'src'), '.d.ts');
  let comments = 0;
  for (const file of sources) {
    for (const comment of docComments(readFileSync(file, 'utf8'))) {
      parts.push(comment);
      comments++;
    }
  }
  if (comments === 0) {
    throw new FileFormatError(`char-corpus: found no TSDoc comments under ${join(root, 'src')} or ${join(root, 'dist', 'src')} for the default corpus`);
  }
  return `${parts.join('\n\n')}\n`;
}

/** Files under `dir` ending in `suffix`, sorted by path relative to `dir`; [] if `dir` is missing. */
function listFiles(dir: string, suffix: string): string[] {
  if (!existsSync(dir)) return [];
  const found: string[] = [];
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && entry.name.endsWith(suffix)) found.push(path);
    }
  };
  walk(dir);
  return found.sort((a, b) => (relative(dir, a) < relative(dir, b) ? -1 : relative(dir, a) > relative(dir, b) ? 1 : 0));
}

/** The text of each `/** ... *\/` comment, with the leading `*` of every line removed. */
function docComments(source: string): string[] {
  const out: string[] = [];
  for (const match of source.matchAll(/\/\*\*([\s\S]*?)\*\//g)) {
    const text = match[1]!
      .split('\n')
      .map((line) => line.replace(/^\s*\*( |$)?/, '').trimEnd())
      .join('\n')
      .trim();
    if (text.length > 0) out.push(text);
  }
  return out;
}
