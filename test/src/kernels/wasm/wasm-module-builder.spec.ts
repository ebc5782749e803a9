import { describe, expect, it } from 'vitest';
import { NeuroloopError } from '../../../../src/errors.js';
import { webAssemblyApi } from '../../../../src/kernels/wasm/wasm-api.js';
import { WasmCode } from '../../../../src/kernels/wasm/wasm-code.js';
import { WasmFeatures } from '../../../../src/kernels/wasm/wasm-features.js';
import { WasmLoops } from '../../../../src/kernels/wasm/wasm-loops.js';
import { WasmModuleBuilder } from '../../../../src/kernels/wasm/wasm-module-builder.js';
import { ValType } from '../../../../src/kernels/wasm/wasm-types.js';

const wasm = webAssemblyApi();

function instantiate(builder: WasmModuleBuilder, memory?: unknown): Record<string, (...args: number[]) => number> {
  const imports: Record<string, Record<string, unknown>> = memory === undefined ? {} : { env: { memory } };
  return new wasm.Instance(builder.compile(), imports).exports as Record<string, (...args: number[]) => number>;
}

describe('WasmModuleBuilder', () => {
  it('emits the exact bytes of a minimal module', () => {
    const builder = new WasmModuleBuilder();
    const add = builder.addFunction('add', [ValType.i32, ValType.i32], [ValType.i32], { exported: true });
    add.code.get(0).get(1).op('i32.add');
    expect(Array.from(builder.toBytes())).toEqual([
      0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
      0x01, 0x07, 0x01, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f, // type section: (i32, i32) -> i32
      0x03, 0x02, 0x01, 0x00, // function section
      0x07, 0x07, 0x01, 0x03, 0x61, 0x64, 0x64, 0x00, 0x00, // export "add"
      0x0a, 0x09, 0x01, 0x07, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6a, 0x0b, // code
    ]);
    expect(instantiate(builder).add!(40, 2)).toBe(42);
  });

  it('groups locals into runs and shares identical signatures', () => {
    const builder = new WasmModuleBuilder();
    const f = builder.addFunction('f', [ValType.i32], [ValType.i32], { exported: true });
    const g = builder.addFunction('g', [ValType.i32], [ValType.i32], { exported: true });
    const x = f.local(ValType.f32);
    const y = f.local(ValType.f32);
    const i = f.local(ValType.i32);
    expect([x, y, i]).toEqual([1, 2, 3]);
    // f(n) = 10 n through locals of two types; g(n) = f(n) + 1 calls f before f's body exists.
    g.code.get(0).call(f.index).i32Const(1).op('i32.add');
    f.code.get(0).i32Const(0).op('i32.add').set(i);
    f.code.f32Const(2.5).set(y);
    f.code.get(i).i32Const(10).op('i32.mul').set(i);
    f.code.get(i).set(0);
    f.code.get(0);
    expect(Array.from(f.encodeBody()).slice(1, 6)).toEqual([0x02, 0x02, 0x7d, 0x01, 0x7f]);
    const bytes = builder.toBytes();
    // One type entry for both (i32) -> i32 functions.
    expect(Array.from(bytes.slice(8, 14))).toEqual([0x01, 0x06, 0x01, 0x60, 0x01, 0x7f]);
    const ex = instantiate(builder);
    expect(ex.f!(3)).toBe(30);
    expect(ex.g!(3)).toBe(31);
  });

  it('runs structured loops, branches to labels and SIMD on an imported memory', () => {
    const builder = new WasmModuleBuilder();
    builder.importMemory({ module: 'env', name: 'memory', initialPages: 1 });
    // sum(ptr, n): sums n floats with f32x4 lanes then folds the lanes (n a multiple of 4).
    const sum = builder.addFunction('sum', [ValType.i32, ValType.i32], [ValType.f32], { exported: true });
    const acc = sum.local(ValType.v128);
    const i = sum.local(ValType.i32);
    const code = sum.code;
    code.f32x4Const([0, 0, 0, 0]).set(acc);
    code.i32Const(0).set(i);
    WasmLoops.whileLess(code, i, 1, () => {
      code.get(acc).get(0).get(i).i32Const(2).op('i32.shl').op('i32.add').mem('v128.load').op('f32x4.add').set(acc);
    }, 4);
    code.get(acc).lane('f32x4.extract_lane', 0).get(acc).lane('f32x4.extract_lane', 1).op('f32.add');
    code.get(acc).lane('f32x4.extract_lane', 2).op('f32.add').get(acc).lane('f32x4.extract_lane', 3).op('f32.add');
    const memory = new wasm.Memory({ initial: 1 });
    new Float32Array(memory.buffer).set([1, 2, 3, 4, 5, 6, 7, 8, 100], 4);
    expect(instantiate(builder, memory).sum!(16, 8)).toBe(36);
  });

  it('validates modules and reports invalid ones with the engine message', () => {
    const builder = new WasmModuleBuilder();
    const bad = builder.addFunction('bad', [], [ValType.i32], { exported: true });
    bad.code.f32Const(1); // f32 where an i32 result is declared
    expect(wasm.validate(builder.toBytes())).toBe(false);
    expect(() => builder.compile()).toThrow(NeuroloopError);
    expect(() => builder.compile()).toThrow(/generated wasm module \(bad\) is invalid: .*/);
  });

  it('refuses malformed construction: unclosed blocks, stale labels, duplicate names, unbounded shared memory', () => {
    const code = new WasmCode();
    const outer = code.block();
    code.end();
    expect(() => code.br(outer)).toThrow('no longer open');
    expect(() => code.end()).toThrow('no open block');
    expect(() => code.shuffle([0, 1])).toThrow('expected 16 lane selectors');
    const builder = new WasmModuleBuilder();
    const f = builder.addFunction('f', [], []);
    f.code.block();
    expect(() => builder.toBytes()).toThrow("wasm function 'f' has 1 unclosed block(s)");
    expect(() => builder.addFunction('f', [], [])).toThrow("wasm function 'f' is declared twice");
    expect(() => builder.importMemory({ module: 'env', name: 'memory', initialPages: 1, shared: true })).toThrow('a shared memory needs maximumPages');
  });

  it('computes relative branch depths through nested blocks', () => {
    const builder = new WasmModuleBuilder();
    // clamp10(x) = x < 0 ? 0 : x > 10 ? 10 : x, with a br to the outer block from two levels deep.
    const f = builder.addFunction('clamp10', [ValType.i32], [ValType.i32], { exported: true });
    const out = f.local(ValType.i32);
    const c = f.code;
    const done = c.block();
    c.i32Const(0).set(out);
    c.get(0).i32Const(0).op('i32.lt_s').brIf(done);
    c.block();
    c.i32Const(10).set(out);
    c.get(0).i32Const(10).op('i32.gt_s').brIf(done);
    c.end();
    c.get(0).set(out);
    c.end();
    c.get(out);
    const ex = instantiate(builder);
    expect([-5, 0, 7, 10, 11].map((x) => ex.clamp10!(x))).toEqual([0, 0, 7, 10, 10]);
  });

  it('encodes prefixed opcodes with LEB128 sub-opcodes and memargs', () => {
    const code = new WasmCode();
    code.op('f32x4.mul').op('f32x4.relaxed_madd').mem('v128.load', 16).mem('v128.load32_splat', 4).mem('i32.atomic.rmw.add', 0);
    code.lane('f32x4.extract_lane', 3).memoryCopy();
    expect(Array.from(code.encoded)).toEqual([
      0xfd, 0xe6, 0x01, 0xfd, 0x85, 0x02, 0xfd, 0x00, 0x04, 0x10, 0xfd, 0x09, 0x02, 0x04, 0xfe, 0x1e, 0x02, 0x00,
      0xfd, 0x1f, 0x03, 0xfc, 0x0a, 0x00, 0x00,
    ]);
  });

  it('probes engine features', () => {
    expect(WasmFeatures.simd()).toBe(true);
    expect(WasmFeatures.threads()).toBe(true);
    expect(WasmFeatures.backendAvailability('wasm')).toEqual({ available: true, reason: '' });
    expect(WasmFeatures.backendAvailability('wasm:threads')).toEqual({ available: true, reason: '' });
    // Node 20 validates relaxed SIMD only behind --experimental-wasm-relaxed-simd.
    const flagged = process.execArgv.includes('--experimental-wasm-relaxed-simd');
    if (process.versions.node.startsWith('20.')) expect(WasmFeatures.relaxedSimd()).toBe(flagged);
  });
});
