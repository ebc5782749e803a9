import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/*
 * The relaxed-SIMD micro-kernel (f32x4.relaxed_madd). Node 20 validates it only behind a flag,
 * so the check runs in a child Node started with that flag.
 */

describe('WasmSgemm with relaxed SIMD', () => {
  it('stays within the float32 bound and is identical across packing paths and threads', () => {
    const fixture = fileURLToPath(new URL('./fixtures/relaxed-sgemm.ts', import.meta.url));
    const child = spawnSync(process.execPath, ['--experimental-wasm-relaxed-simd', '--import', 'tsx', fixture], { encoding: 'utf8', timeout: 60_000 });
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    const result = JSON.parse(child.stdout.trim()) as { relaxedSimd: boolean; worst: number; identical: boolean; differsFromPlain: boolean };
    expect(result.relaxedSimd).toBe(true);
    expect(result.worst).toBeLessThanOrEqual(1);
    expect(result.identical).toBe(true);
    // V8 fuses relaxed_madd on CPUs with FMA (every x86-64 since 2013, every arm64): the kernel
    // really took the relaxed path if some result differs from the mul + add kernel's.
    expect(result.differsFromPlain).toBe(true);
  });
});
