import { NeuroloopError } from '../../errors.js';
import { Leb128 } from './leb128.js';
import { webAssemblyApi, type WasmModule } from './wasm-api.js';
import { WasmCode } from './wasm-code.js';
import type { ValType } from './wasm-types.js';

/**
 * The linear memory a generated module imports (it never defines its own).
 *
 * @example
 * ```ts
 * builder.importMemory({ module: 'env', name: 'memory', initialPages: 1, maximumPages: 16, shared: true });
 * ```
 */
export interface MemoryImport {
  readonly module: string;
  readonly name: string;
  readonly initialPages: number;
  /** Required when `shared`. */
  readonly maximumPages?: number;
  /** A shared memory (threads proposal), backed by a SharedArrayBuffer. */
  readonly shared?: boolean;
}

/**
 * One function of a module under construction: its signature, its locals and its body. Parameters
 * are locals `0 .. params.length - 1`; {@link WasmFunction.local} appends more.
 *
 * @example
 * ```ts
 * const f = builder.addFunction('twice', [ValType.f32], [ValType.f32], { exported: true });
 * f.code.get(0).get(0).op('f32.add');
 * ```
 */
export class WasmFunction {
  readonly code = new WasmCode();
  private readonly locals: ValType[] = [];

  constructor(
    readonly index: number,
    readonly name: string,
    readonly params: readonly ValType[],
    readonly results: readonly ValType[],
    readonly exported: boolean,
  ) {}

  /** Declares a new local of `type` and returns its index. */
  local(type: ValType): number {
    this.locals.push(type);
    return this.params.length + this.locals.length - 1;
  }

  /** The body as the code section stores it: local declarations, instructions, `end`. */
  encodeBody(): number[] {
    if (this.code.openCount !== 0) {
      throw new NeuroloopError(`wasm function '${this.name}' has ${this.code.openCount} unclosed block(s)`);
    }
    // Locals are declared as runs of (count, type).
    const groups: number[][] = [];
    let start = 0;
    for (let i = 1; i <= this.locals.length; i++) {
      if (i === this.locals.length || this.locals[i] !== this.locals[start]) {
        groups.push([...Leb128.unsigned(i - start), this.locals[start]!]);
        start = i;
      }
    }
    const body = [...Leb128.unsigned(groups.length), ...groups.flat()];
    append(body, this.code.encoded);
    body.push(0x0b);
    const out = Leb128.unsigned(body.length);
    append(out, body);
    return out;
  }
}

/**
 * Assembles a WebAssembly module in memory: an imported memory, functions and their exports.
 * Modules are built at run time from TypeScript, so kernels can be specialised (tile sizes,
 * relaxed SIMD, shared memory) without shipping binaries.
 *
 * @example
 * ```ts
 * const builder = new WasmModuleBuilder();
 * builder.importMemory({ module: 'env', name: 'memory', initialPages: 1 });
 * const add = builder.addFunction('add', [ValType.i32, ValType.i32], [ValType.i32], { exported: true });
 * add.code.get(0).get(1).op('i32.add');
 * const module = builder.compile();
 * ```
 */
export class WasmModuleBuilder {
  private memory: MemoryImport | undefined;
  private readonly functions: WasmFunction[] = [];

  importMemory(memory: MemoryImport): this {
    if (memory.shared === true && memory.maximumPages === undefined) {
      throw new NeuroloopError(`wasm memory import '${memory.module}.${memory.name}': a shared memory needs maximumPages`);
    }
    this.memory = memory;
    return this;
  }

  /** Declares a function; its index is usable in `call` before its body is written. */
  addFunction(name: string, params: readonly ValType[], results: readonly ValType[], options: { exported?: boolean } = {}): WasmFunction {
    if (this.functions.some((f) => f.name === name)) {
      throw new NeuroloopError(`wasm function '${name}' is declared twice`);
    }
    const fn = new WasmFunction(this.functions.length, name, params, results, options.exported === true);
    this.functions.push(fn);
    return fn;
  }

  /** The binary module. */
  toBytes(): Uint8Array {
    const typeKeys: string[] = [];
    const typeEntries: number[][] = [];
    const typeOf = this.functions.map((f) => {
      const entry = [0x60, ...vector(f.params.map((t) => [t])), ...vector(f.results.map((t) => [t]))];
      const key = entry.join(',');
      let index = typeKeys.indexOf(key);
      if (index < 0) {
        index = typeKeys.length;
        typeKeys.push(key);
        typeEntries.push(entry);
      }
      return index;
    });
    const out: number[] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
    section(out, 1, vector(typeEntries));
    if (this.memory !== undefined) section(out, 2, vector([encodeMemoryImport(this.memory)]));
    section(out, 3, vector(typeOf.map((t) => Leb128.unsigned(t))));
    const exports = this.functions.filter((f) => f.exported).map((f) => [...encodeName(f.name), 0x00, ...Leb128.unsigned(f.index)]);
    section(out, 7, vector(exports));
    section(out, 10, vector(this.functions.map((f) => f.encodeBody())));
    return Uint8Array.from(out);
  }

  /**
   * Validates and compiles synchronously (Node allows synchronous compilation of any size).
   * Throws a {@link NeuroloopError} carrying the engine's message when the module is invalid.
   */
  compile(): WasmModule {
    const bytes = this.toBytes();
    try {
      return new (webAssemblyApi().Module)(bytes);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new NeuroloopError(`generated wasm module (${this.functions.map((f) => f.name).join(', ')}) is invalid: ${reason}`);
    }
  }
}

function encodeName(name: string): number[] {
  const utf8 = [...new TextEncoder().encode(name)];
  return [...Leb128.unsigned(utf8.length), ...utf8];
}

function encodeMemoryImport(memory: MemoryImport): number[] {
  const limits =
    memory.maximumPages === undefined
      ? [0x00, ...Leb128.unsigned(memory.initialPages)]
      : [memory.shared === true ? 0x03 : 0x01, ...Leb128.unsigned(memory.initialPages), ...Leb128.unsigned(memory.maximumPages)];
  return [...encodeName(memory.module), ...encodeName(memory.name), 0x02, ...limits];
}

function vector(items: readonly (readonly number[])[]): number[] {
  const out = Leb128.unsigned(items.length);
  for (const item of items) append(out, item);
  return out;
}

function section(out: number[], id: number, content: readonly number[]): void {
  out.push(id, ...Leb128.unsigned(content.length));
  append(out, content);
}

/** Appends without spreading, which would overflow the argument limit for large bodies. */
function append(out: number[], items: readonly number[]): void {
  for (let i = 0; i < items.length; i++) out.push(items[i]!);
}
