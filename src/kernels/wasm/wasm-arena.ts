import { NeuroloopError } from '../../errors.js';
import { WASM_PAGE_BYTES, type WasmMemory } from './wasm-api.js';

/**
 * A growable scratch area in a wasm memory, laid out afresh by each kernel call: regions are
 * bump-allocated from `base`, the memory grows (never shrinks) to fit the largest call so far,
 * and the Float32Array view is refreshed after every growth (growth replaces the buffer).
 *
 * Single-threaded use only: the main thread lays out a call and grows the memory before any
 * worker touches it.
 *
 * @example
 * ```ts
 * const arena = new WasmArena(memory, 1024, 1 << 20);
 * arena.reset();
 * const a = arena.alloc(m * k);      // byte offset of m*k floats
 * arena.commit();                     // grow if needed
 * arena.f32.set(data, a / 4);
 * ```
 */
export class WasmArena {
  private view: Float32Array;
  private intView: Int32Array;
  private top: number;

  /**
   * @param base first byte the arena may use (below it: job descriptors, per-thread scratch).
   * @param maxBytes the memory's maximum size.
   */
  constructor(
    readonly memory: WasmMemory,
    readonly base: number,
    private readonly maxBytes: number,
  ) {
    this.view = new Float32Array(memory.buffer);
    this.intView = new Int32Array(memory.buffer);
    this.top = base;
  }

  /** A Float32Array over the whole memory, valid until the next {@link commit} that grows it. */
  get f32(): Float32Array {
    return this.view;
  }

  /** An Int32Array over the whole memory (job descriptors), refreshed like {@link f32}. */
  get i32(): Int32Array {
    return this.intView;
  }

  /** Forgets every region: the next call lays out its data from `base` again. */
  reset(): void {
    this.top = this.base;
  }

  /**
   * Reserves `floats` values plus `slackBytes` after them (kernels may read a few values past
   * the end of an operand), 64-byte aligned; returns the byte offset.
   */
  alloc(floats: number, slackBytes = 64): number {
    const offset = this.top;
    this.top = align64(offset + floats * 4 + slackBytes);
    return offset;
  }

  /** Grows the memory so every region allocated since {@link reset} fits. */
  commit(): void {
    const have = this.memory.buffer.byteLength;
    if (this.top <= have) return;
    if (this.top > this.maxBytes) {
      throw new NeuroloopError(`wasm arena: a call needs ${this.top} bytes but the memory is limited to ${this.maxBytes} bytes (2 GiB)`);
    }
    // Grow by at least a quarter of the current size so a run of growing calls stays cheap.
    const needed = Math.ceil((this.top - have) / WASM_PAGE_BYTES);
    const pages = Math.min(Math.max(needed, Math.ceil(have / WASM_PAGE_BYTES / 4)), (this.maxBytes - have) / WASM_PAGE_BYTES);
    this.memory.grow(pages);
    this.view = new Float32Array(this.memory.buffer);
    this.intView = new Int32Array(this.memory.buffer);
  }
}

function align64(bytes: number): number {
  return Math.ceil(bytes / 64) * 64;
}
