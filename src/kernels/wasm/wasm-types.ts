/**
 * WebAssembly value types and their binary encodings.
 *
 * @example
 * ```ts
 * module.addFunction('dot', [ValType.i32, ValType.i32], [ValType.f32], build);
 * ```
 */
export const ValType = {
  i32: 0x7f,
  i64: 0x7e,
  f32: 0x7d,
  f64: 0x7c,
  v128: 0x7b,
} as const;

/**
 * One of the {@link ValType} encodings.
 *
 * @example
 * ```ts
 * const t: ValType = ValType.v128;
 * ```
 */
export type ValType = (typeof ValType)[keyof typeof ValType];
