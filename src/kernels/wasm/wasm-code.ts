import { NeuroloopError } from '../../errors.js';
import { Leb128 } from './leb128.js';
import { WasmOpcodes, type LaneOp, type MemoryLaneOp, type MemoryOp, type PlainOp } from './wasm-opcodes.js';
import type { ValType } from './wasm-types.js';

/**
 * An open `block`, `loop` or `if`: the target of {@link WasmCode.br}.
 *
 * @example
 * ```ts
 * const exit = code.block(); code.get(n).op('i32.eqz').brIf(exit); code.end();
 * ```
 */
export interface WasmLabel {
  /** Nesting depth at which the construct was opened (0 = outermost). */
  readonly depth: number;
}

/**
 * The instruction stream of one function body. Methods append one instruction each and return
 * `this`, so code reads in the order of the wasm text format. Branches take the label returned
 * by `block()` / `loop()` / `if()` instead of a relative depth, which the emitter computes.
 *
 * @example
 * ```ts
 * const code = new WasmCode();
 * const done = code.block();
 * code.get(0).op('i32.eqz').brIf(done);
 * code.end();
 * ```
 */
export class WasmCode {
  private readonly bytes: number[] = [];
  private readonly open: WasmLabel[] = [];

  /** The encoded instructions so far (without the final `end` of the body). */
  get encoded(): readonly number[] {
    return this.bytes;
  }

  /** Number of constructs opened and not yet closed. */
  get openCount(): number {
    return this.open.length;
  }

  /** An instruction without immediates, e.g. `i32.add` or `f32x4.mul`. */
  op(name: PlainOp): this {
    return this.prefixed(WasmOpcodes.plain[name]);
  }

  /** A load or store; `offset` is the constant byte offset added to the address operand. */
  mem(name: MemoryOp, offset = 0, alignLog2?: number): this {
    const info = WasmOpcodes.memory[name];
    this.prefixed(info.code);
    this.bytes.push(...Leb128.unsigned(alignLog2 ?? info.align), ...Leb128.unsigned(offset));
    return this;
  }

  /** A load or store of one lane of a v128 (`v128.store32_lane` etc.). */
  memLane(name: MemoryLaneOp, offset: number, lane: number): this {
    const info = WasmOpcodes.memoryLane[name];
    this.prefixed(info.code);
    this.bytes.push(...Leb128.unsigned(info.align), ...Leb128.unsigned(offset), lane);
    return this;
  }

  /** A lane extract or replace. */
  lane(name: LaneOp, lane: number): this {
    this.prefixed(WasmOpcodes.lane[name]);
    this.bytes.push(lane);
    return this;
  }

  /** `i8x16.shuffle` with 16 byte-lane selectors (0-15 from the first operand, 16-31 from the second). */
  shuffle(lanes: readonly number[]): this {
    if (lanes.length !== 16 || lanes.some((l) => !Number.isInteger(l) || l < 0 || l > 31)) {
      throw new NeuroloopError(`WasmCode.shuffle: expected 16 lane selectors in [0, 31], got [${lanes.join(', ')}]`);
    }
    this.bytes.push(0xfd, 0x0d, ...lanes);
    return this;
  }

  i32Const(value: number): this {
    this.bytes.push(0x41, ...Leb128.signed(value));
    return this;
  }

  f32Const(value: number): this {
    const raw = new Uint8Array(new Float32Array([value]).buffer);
    this.bytes.push(0x43, ...raw);
    return this;
  }

  /** `v128.const` with four f32 lanes. */
  f32x4Const(lanes: readonly [number, number, number, number]): this {
    const raw = new Uint8Array(new Float32Array(lanes).buffer);
    this.bytes.push(0xfd, 0x0c, ...raw);
    return this;
  }

  /** `local.get` of a parameter or local index. */
  get(local: number): this {
    return this.withIndex(0x20, local);
  }

  /** `local.set`. */
  set(local: number): this {
    return this.withIndex(0x21, local);
  }

  /** `local.tee`. */
  tee(local: number): this {
    return this.withIndex(0x22, local);
  }

  /** `call` of a function index. */
  call(functionIndex: number): this {
    return this.withIndex(0x10, functionIndex);
  }

  /** Opens a `block`; a branch to it jumps past its `end`. */
  block(result?: ValType): WasmLabel {
    return this.openConstruct(0x02, result);
  }

  /** Opens a `loop`; a branch to it jumps back to its start. */
  loop(result?: ValType): WasmLabel {
    return this.openConstruct(0x03, result);
  }

  /** Opens an `if` that pops an i32 condition. */
  if(result?: ValType): WasmLabel {
    return this.openConstruct(0x04, result);
  }

  else(): this {
    if (this.open.length === 0) throw new NeuroloopError('WasmCode.else: no open if');
    this.bytes.push(0x05);
    return this;
  }

  /** Closes the innermost open construct. */
  end(): this {
    if (this.open.length === 0) throw new NeuroloopError('WasmCode.end: no open block, loop or if');
    this.open.pop();
    this.bytes.push(0x0b);
    return this;
  }

  br(label: WasmLabel): this {
    return this.withIndex(0x0c, this.relativeDepth(label));
  }

  brIf(label: WasmLabel): this {
    return this.withIndex(0x0d, this.relativeDepth(label));
  }

  /** `memory.fill` (bulk memory): pops destination, byte value, length. */
  memoryFill(): this {
    this.bytes.push(0xfc, 0x0b, 0x00);
    return this;
  }

  /** `memory.copy` (bulk memory): pops destination, source, length. */
  memoryCopy(): this {
    this.bytes.push(0xfc, 0x0a, 0x00, 0x00);
    return this;
  }

  private prefixed(code: readonly number[]): this {
    if (code.length === 1) this.bytes.push(code[0]!);
    else this.bytes.push(code[0]!, ...Leb128.unsigned(code[1]!));
    return this;
  }

  private withIndex(opcode: number, index: number): this {
    this.bytes.push(opcode, ...Leb128.unsigned(index));
    return this;
  }

  private openConstruct(opcode: number, result: ValType | undefined): WasmLabel {
    const label: WasmLabel = { depth: this.open.length };
    this.open.push(label);
    this.bytes.push(opcode, result ?? 0x40);
    return label;
  }

  private relativeDepth(label: WasmLabel): number {
    if (this.open[label.depth] !== label) {
      throw new NeuroloopError(`WasmCode: branch to a label at depth ${label.depth} that is no longer open`);
    }
    return this.open.length - 1 - label.depth;
  }
}
