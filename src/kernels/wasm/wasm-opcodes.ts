/**
 * Opcodes of the WebAssembly instructions the kernel generators use, by their text-format name.
 * Values follow the core spec (1.0 + bulk memory), the fixed-width SIMD proposal (prefix 0xfd),
 * the threads proposal (prefix 0xfe) and the relaxed-SIMD proposal. Only what the generators
 * need is listed; add more as needed.
 *
 * @example
 * ```ts
 * code.op('f32x4.add'); // emits 0xfd 0xe4 0x01
 * ```
 */
export const WasmOpcodes = {
  /** Instructions without immediates: [prefix?, opcode], the SIMD opcode LEB128-encoded later. */
  plain: {
    unreachable: [0x00],
    nop: [0x01],
    return: [0x0f],
    drop: [0x1a],
    select: [0x1b],
    'i32.eqz': [0x45],
    'i32.eq': [0x46],
    'i32.ne': [0x47],
    'i32.lt_s': [0x48],
    'i32.lt_u': [0x49],
    'i32.gt_s': [0x4a],
    'i32.gt_u': [0x4b],
    'i32.le_s': [0x4c],
    'i32.le_u': [0x4d],
    'i32.ge_s': [0x4e],
    'i32.ge_u': [0x4f],
    'f32.eq': [0x5b],
    'f32.ne': [0x5c],
    'f32.lt': [0x5d],
    'f32.gt': [0x5e],
    'f32.le': [0x5f],
    'f32.ge': [0x60],
    'i32.add': [0x6a],
    'i32.sub': [0x6b],
    'i32.mul': [0x6c],
    'i32.div_s': [0x6d],
    'i32.div_u': [0x6e],
    'i32.rem_u': [0x70],
    'i32.and': [0x71],
    'i32.or': [0x72],
    'i32.xor': [0x73],
    'i32.shl': [0x74],
    'i32.shr_s': [0x75],
    'i32.shr_u': [0x76],
    'f32.abs': [0x8b],
    'f32.neg': [0x8c],
    'f32.sqrt': [0x91],
    'f32.add': [0x92],
    'f32.sub': [0x93],
    'f32.mul': [0x94],
    'f32.div': [0x95],
    'f32.min': [0x96],
    'f32.max': [0x97],
    'f64.add': [0xa0],
    'f64.mul': [0xa2],
    'f64.promote_f32': [0xbb],
    'f32.demote_f64': [0xb6],
    'v128.not': [0xfd, 0x4d],
    'v128.and': [0xfd, 0x4e],
    'v128.or': [0xfd, 0x50],
    'v128.xor': [0xfd, 0x51],
    'v128.bitselect': [0xfd, 0x52],
    'f32x4.splat': [0xfd, 0x13],
    'f32x4.eq': [0xfd, 0x41],
    'f32x4.lt': [0xfd, 0x43],
    'f32x4.gt': [0xfd, 0x44],
    'f32x4.le': [0xfd, 0x45],
    'f32x4.ge': [0xfd, 0x46],
    'f32x4.abs': [0xfd, 0xe0],
    'f32x4.neg': [0xfd, 0xe1],
    'f32x4.sqrt': [0xfd, 0xe3],
    'f32x4.add': [0xfd, 0xe4],
    'f32x4.sub': [0xfd, 0xe5],
    'f32x4.mul': [0xfd, 0xe6],
    'f32x4.div': [0xfd, 0xe7],
    'f32x4.min': [0xfd, 0xe8],
    'f32x4.max': [0xfd, 0xe9],
    'f32x4.pmin': [0xfd, 0xea],
    'f32x4.pmax': [0xfd, 0xeb],
    'f64x2.promote_low_f32x4': [0xfd, 0x5f],
    'f64x2.add': [0xfd, 0xf0],
    'f64x2.mul': [0xfd, 0xf2],
    'f64x2.splat': [0xfd, 0x14],
    'f32x4.demote_f64x2_zero': [0xfd, 0x5e],
    'v128.andnot': [0xfd, 0x4f],
    'f32x4.ne': [0xfd, 0x42],
    /** a * b + c, fused or not as the engine chooses (relaxed-SIMD). */
    'f32x4.relaxed_madd': [0xfd, 0x105],
  },
  /** Loads and stores: [prefix?, opcode] plus the natural alignment (log2 bytes). */
  memory: {
    'i32.load': { code: [0x28], align: 2 },
    'f32.load': { code: [0x2a], align: 2 },
    'i32.store': { code: [0x36], align: 2 },
    'f32.store': { code: [0x38], align: 2 },
    'v128.load': { code: [0xfd, 0x00], align: 4 },
    'v128.load32_splat': { code: [0xfd, 0x09], align: 2 },
    'v128.store': { code: [0xfd, 0x0b], align: 4 },
    'v128.load32_zero': { code: [0xfd, 0x5c], align: 2 },
    'v128.load64_zero': { code: [0xfd, 0x5d], align: 3 },
    /** Atomic fetch-and-add (threads proposal); its alignment must be the natural one. */
    'i32.atomic.rmw.add': { code: [0xfe, 0x1e], align: 2 },
    'i32.atomic.load': { code: [0xfe, 0x10], align: 2 },
  },
  /** Lane loads and stores: [prefix, opcode] and natural alignment; a memarg, then a lane byte. */
  memoryLane: {
    'v128.load32_lane': { code: [0xfd, 0x56], align: 2 },
    'v128.store32_lane': { code: [0xfd, 0x5a], align: 2 },
  },
  /** Lane instructions: [prefix, opcode] followed by one lane-index byte. */
  lane: {
    'f32x4.extract_lane': [0xfd, 0x1f],
    'f32x4.replace_lane': [0xfd, 0x20],
    'f64x2.extract_lane': [0xfd, 0x21],
  },
} as const;

/**
 * Name of an instruction without immediates.
 *
 * @example
 * ```ts
 * const op: PlainOp = 'f32x4.add';
 * ```
 */
export type PlainOp = keyof typeof WasmOpcodes.plain;
/**
 * Name of a load or store instruction.
 *
 * @example
 * ```ts
 * code.mem('v128.load' satisfies MemoryOp, 16);
 * ```
 */
export type MemoryOp = keyof typeof WasmOpcodes.memory;
/**
 * Name of a lane load or store.
 *
 * @example
 * ```ts
 * code.memLane('v128.store32_lane' satisfies MemoryLaneOp, 0, 3);
 * ```
 */
export type MemoryLaneOp = keyof typeof WasmOpcodes.memoryLane;
/**
 * Name of a lane instruction.
 *
 * @example
 * ```ts
 * code.lane('f32x4.extract_lane' satisfies LaneOp, 2);
 * ```
 */
export type LaneOp = keyof typeof WasmOpcodes.lane;
