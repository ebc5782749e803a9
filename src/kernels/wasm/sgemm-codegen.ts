import type { WasmModule } from './wasm-api.js';
import { SGEMM_MAX_PAGES, SgemmJob, SgemmJobKind, type SgemmConfig } from './sgemm-config.js';
import { emitEdge, emitMicroKernel } from './sgemm-micro-kernel.js';
import { emitPackA, emitPackB } from './sgemm-packing.js';
import { WasmLoops } from './wasm-loops.js';
import { WasmModuleBuilder, type WasmFunction } from './wasm-module-builder.js';
import { ValType } from './wasm-types.js';

/**
 * Generates the sgemm module (GotoBLAS / BLIS structure). Exports, all sizes in elements and
 * pointers in bytes:
 *
 * - `packB(b, rsB, csB, k, n, j0, j1, dst)`: packs op(B) columns [j0, j1) (j0 a multiple of nr)
 *   into kc x nr panels, zero-padded to a multiple of nr columns; block `pc` starts at
 *   `dst + pc * nPad * 4` and its panel at column `j` at `+ j * kcb * 4`.
 * - `gemm(n, k, a, rsA, csA, packA, b, rsB, packedB, c, ldc, i0, i1, j0, j1, accumulate, work)`:
 *   C[i0:i1, j0:j1] (+)= op(A) op(B) for those rows and columns. op(A)[i, p] lives at
 *   `a + (i * rsA + p * csA) * 4`; unless `packA`, rsA must be 1. op(B) is read packed (from
 *   `packB`) or, unless `packedB`, directly at `b + (p * rsB + j) * 4`.
 * - `runJob(job, work)`: claims chunks of the job descriptor at `job` (see {@link SgemmJob}) until
 *   none are left, running `gemm` or `packB` on each, and returns how many it ran; every thread of
 *   a parallel product calls it.
 *
 * Every C element is summed in the same order whatever the rectangle, the packing choice or the
 * edge handling: p ascending within kc blocks, each block's partial sum added to C in block order.
 * So any split of the output across threads gives bit-identical results.
 *
 * @example
 * ```ts
 * const module = buildSgemmModule({ ...DEFAULT_SGEMM_TILES, relaxedSimd: false, sharedMemory: false });
 * ```
 */
export function buildSgemmModule(config: SgemmConfig): WasmModule {
  return sgemmModuleBuilder(config).compile();
}

/**
 * The builder behind {@link buildSgemmModule}, for inspecting or validating the bytes.
 *
 * @example
 * ```ts
 * WebAssembly.validate(sgemmModuleBuilder(config).toBytes()); // true
 * ```
 */
export function sgemmModuleBuilder(config: SgemmConfig): WasmModuleBuilder {
  const builder = new WasmModuleBuilder();
  builder.importMemory({ module: 'env', name: 'memory', initialPages: 1, maximumPages: SGEMM_MAX_PAGES, shared: config.sharedMemory });
  const i32 = ValType.i32;
  const micro = builder.addFunction('micro', [i32, i32, i32, i32, i32, i32, i32, i32], []);
  const microPacked = builder.addFunction('microPacked', [i32, i32, i32, i32, i32, i32, i32, i32], []);
  const edge = builder.addFunction('edge', [i32, i32, i32, i32, i32, i32], []);
  const packA = builder.addFunction('packA', [i32, i32, i32, i32, i32, i32], []);
  const packB = builder.addFunction('packB', [i32, i32, i32, i32, i32, i32, i32, i32], [], { exported: true });
  const gemm = builder.addFunction('gemm', new Array<ValType>(17).fill(i32), [], { exported: true });
  const runJob = builder.addFunction('runJob', [i32, i32], [i32], { exported: true });
  emitMicroKernel(micro, config, false);
  emitMicroKernel(microPacked, config, true);
  emitEdge(edge, config);
  emitPackA(packA, config);
  emitPackB(packB, config);
  emitGemm(gemm, config, { micro, microPacked, edge, packA });
  emitRunJob(runJob, { gemm, packB });
  return builder;
}

/** The blocked driver over one output rectangle: ic (mc rows) -> pc (kc depth) -> jc (nc) -> ir (mr) -> jr (nr). */
function emitGemm(fn: WasmFunction, config: SgemmConfig, callees: { micro: WasmFunction; microPacked: WasmFunction; edge: WasmFunction; packA: WasmFunction }): void {
  const { mr, nr, kc, mc, nc } = config;
  const [n, k, a, rsA, csA, packA, b, rsB, packedB, c, ldc, i0, i1, j0, j1, accumulate, work] = Array.from({ length: 17 }, (_, i) => i) as [
    number, number, number, number, number, number, number, number, number, number, number, number, number, number, number, number, number,
  ];
  const local = (): number => fn.local(ValType.i32);
  const [ic, mcb, pc, kcb, beta, aBase, aPanelStep, aStride, bBase, bColBytes, bStride, nPad] = Array.from({ length: 12 }, local) as [
    number, number, number, number, number, number, number, number, number, number, number, number,
  ];
  const [jc, jEnd, jr, nrb, bp, ir, mrb, ap, cp, ldcBytes, tile] = Array.from({ length: 11 }, local) as [
    number, number, number, number, number, number, number, number, number, number, number,
  ];
  const code = fn.code;
  // Both operands packed: the kernel with constant strides folded into load offsets.
  const callMicro = (pushArgs: () => void): void => {
    code.get(packA).get(packedB).op('i32.and').if();
    pushArgs();
    code.call(callees.microPacked.index);
    code.else();
    pushArgs();
    code.call(callees.micro.index);
    code.end();
  };
  code.get(ldc).i32Const(2).op('i32.shl').set(ldcBytes);
  code.get(work).i32Const(mc * kc * 4).op('i32.add').set(tile);
  code.get(n).i32Const(nr - 1).op('i32.add').i32Const(nr).op('i32.div_u').i32Const(nr).op('i32.mul').set(nPad);
  code.get(i0).set(ic);
  WasmLoops.whileLess(code, ic, i1, () => {
    WasmLoops.minOf(fn.code, mcb, { local: i1 }, ic, mc);
    code.i32Const(0).set(pc);
    WasmLoops.whileLess(code, pc, k, () => {
      WasmLoops.minOf(fn.code, kcb, { local: k }, pc, kc);
      code.get(accumulate).get(pc).op('i32.or').set(beta);
      // A operand of this block: packed into `work`, or read in place (rsA = 1, column-contiguous).
      code.get(packA).if();
      code.get(a).get(ic).get(rsA).op('i32.mul').get(pc).get(csA).op('i32.mul').op('i32.add').i32Const(2).op('i32.shl').op('i32.add');
      code.get(rsA).i32Const(2).op('i32.shl').get(csA).i32Const(2).op('i32.shl').get(mcb).get(kcb).get(work).call(callees.packA.index);
      code.get(work).set(aBase);
      code.get(kcb).i32Const(mr * 4).op('i32.mul').set(aPanelStep);
      code.i32Const(mr * 4).set(aStride);
      code.else();
      code.get(a).get(ic).get(pc).get(csA).op('i32.mul').op('i32.add').i32Const(2).op('i32.shl').op('i32.add').set(aBase);
      code.i32Const(mr * 4).set(aPanelStep);
      code.get(csA).i32Const(2).op('i32.shl').set(aStride);
      code.end();
      // B operand: this depth block of the packed panels, or op(B) rows read in place.
      code.get(packedB).if();
      code.get(b).get(pc).get(nPad).op('i32.mul').i32Const(2).op('i32.shl').op('i32.add').set(bBase);
      code.get(kcb).i32Const(4).op('i32.mul').set(bColBytes);
      code.i32Const(nr * 4).set(bStride);
      code.else();
      code.get(b).get(pc).get(rsB).op('i32.mul').i32Const(2).op('i32.shl').op('i32.add').set(bBase);
      code.i32Const(4).set(bColBytes);
      code.get(rsB).i32Const(2).op('i32.shl').set(bStride);
      code.end();
      // jc blocks of nc columns keep the B block in L2; inside one, each A micro-panel stays in
      // L1 while jr sweeps B panels, and C rows are walked contiguously.
      code.get(j0).set(jc);
      WasmLoops.whileLess(code, jc, j1, () => {
        WasmLoops.minOf(fn.code, jEnd, { local: j1 }, jc, nc);
        code.get(jEnd).get(jc).op('i32.add').set(jEnd);
        code.i32Const(0).set(ir);
        code.get(aBase).set(ap);
        WasmLoops.whileLess(code, ir, mcb, () => {
          WasmLoops.minOf(fn.code, mrb, { local: mcb }, ir, mr);
          code.get(jc).set(jr);
          code.get(bBase).get(jc).get(bColBytes).op('i32.mul').op('i32.add').set(bp);
          code.get(c).get(ic).get(ir).op('i32.add').get(ldc).op('i32.mul').get(jc).op('i32.add').i32Const(2).op('i32.shl').op('i32.add').set(cp);
          WasmLoops.whileLess(code, jr, jEnd, () => {
            WasmLoops.minOf(fn.code, nrb, { local: jEnd }, jr, nr);
            code.get(mrb).i32Const(mr).op('i32.eq').get(nrb).i32Const(nr).op('i32.eq').op('i32.and').if();
            callMicro(() => code.get(kcb).get(ap).get(aStride).get(bp).get(bStride).get(cp).get(ldcBytes).get(beta));
            code.else();
            callMicro(() => code.get(kcb).get(ap).get(aStride).get(bp).get(bStride).get(tile).i32Const(nr * 4).i32Const(0));
            code.get(tile).get(cp).get(mrb).get(nrb).get(ldcBytes).get(beta).call(callees.edge.index);
            code.end();
            code.get(bp).get(bColBytes).i32Const(nr).op('i32.mul').op('i32.add').set(bp);
            WasmLoops.addTo(code, cp, nr * 4);
          }, nr);
          WasmLoops.addTo(code, ap, { local: aPanelStep });
        }, mr);
      }, nc);
    }, kc);
  }, mc);
}

/** Claims chunks with an atomic add and runs each: the loop every thread of a parallel job runs. */
function emitRunJob(fn: WasmFunction, callees: { gemm: WasmFunction; packB: WasmFunction }): void {
  const [job, work] = [0, 1];
  const chunk = fn.local(ValType.i32);
  const ran = fn.local(ValType.i32);
  const i0 = fn.local(ValType.i32);
  const j0 = fn.local(ValType.i32);
  const code = fn.code;
  const field = (word: number): void => {
    code.get(job).mem('i32.load', word * 4);
  };
  /** `min(base + step, limit)` of job fields, pushed on the stack. */
  const end = (base: number, step: number, limit: number): void => {
    code.get(base);
    field(step);
    code.op('i32.add');
    field(limit);
    code.get(base);
    field(step);
    code.op('i32.add');
    field(limit);
    code.op('i32.lt_s').op('select');
  };
  const exit = code.block();
  const top = code.loop();
  code.get(job).i32Const(1).mem('i32.atomic.rmw.add', SgemmJob.next * 4).tee(chunk);
  field(SgemmJob.chunkCount);
  code.op('i32.ge_s').brIf(exit);
  field(SgemmJob.kind);
  code.i32Const(SgemmJobKind.packB).op('i32.eq').if();
  code.get(chunk);
  field(SgemmJob.colStep);
  code.op('i32.mul').set(j0);
  for (const word of [SgemmJob.b, SgemmJob.rsB, SgemmJob.csB, SgemmJob.k, SgemmJob.n]) field(word);
  code.get(j0);
  end(j0, SgemmJob.colStep, SgemmJob.n);
  field(SgemmJob.packDst);
  code.call(callees.packB.index);
  code.else();
  code.get(chunk);
  field(SgemmJob.rowChunks);
  code.op('i32.rem_u');
  field(SgemmJob.rowStep);
  code.op('i32.mul').set(i0);
  code.get(chunk);
  field(SgemmJob.rowChunks);
  code.op('i32.div_u');
  field(SgemmJob.colStep);
  code.op('i32.mul').set(j0);
  for (const word of [SgemmJob.n, SgemmJob.k, SgemmJob.a, SgemmJob.rsA, SgemmJob.csA, SgemmJob.packA]) field(word);
  for (const word of [SgemmJob.b, SgemmJob.rsB, SgemmJob.packedB, SgemmJob.c, SgemmJob.ldc]) field(word);
  code.get(i0);
  end(i0, SgemmJob.rowStep, SgemmJob.m);
  code.get(j0);
  end(j0, SgemmJob.colStep, SgemmJob.n);
  field(SgemmJob.accumulate);
  code.get(work).call(callees.gemm.index);
  code.end();
  WasmLoops.addTo(code, ran, 1);
  code.br(top);
  code.end();
  code.end();
  code.get(ran);
}
