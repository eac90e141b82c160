/**
 * The semantic scan's kernel: int8 document rows times an int16 query, one int32 dot product per row,
 * as a WebAssembly SIMD function (16 lanes at a time: extend to i16, `i32x4.dot_i16x8_s`). 10–20 times
 * the unrolled JavaScript loop it replaces (test/bench/vectors.ts: one scan of 150k × 1,536 in 14.5 ms
 * against 315 ms); the scan is then bound by memory bandwidth. The module is 232 bytes assembled here,
 * so there is no build step and no dependency; the text form is beside each instruction. Without
 * WebAssembly SIMD the same contract is kept by a JavaScript loop.
 *
 *   (func $dots (param $rows i32) (param $n i32) (param $stride i32) (param $query i32) (param $out i32)
 *     ;; out[r] = Σ_j rows[r·stride + j] · query[j], for r < n; stride is a multiple of 16, ≥ 16;
 *     ;; the caller keeps 127 · max|query| · stride below 2³¹ so no sum overflows (arena.ts)
 */

const simdOps = {
  load: [0xfd, 0x00],
  const: [0xfd, 0x0c],
  extractI32: [0xfd, 0x1b],
  extendLowS: [0xfd, 0x87, 0x01],
  extendHighS: [0xfd, 0x88, 0x01],
  addI32x4: [0xfd, 0xae, 0x01],
  dotI16x8: [0xfd, 0xba, 0x01],
};
const OP = {
  block: 0x02,
  loop: 0x03,
  brIf: 0x0d,
  end: 0x0b,
  get: 0x20,
  set: 0x21,
  tee: 0x22,
  i32Const: 0x41,
  i32Eqz: 0x45,
  i32LtU: 0x49,
  i32Add: 0x6a,
  i32Shl: 0x74,
  i32Store: 0x36,
  void: 0x40,
};
// locals: 0 rows, 1 n, 2 stride, 3 query, 4 out | 5 r, 6 j, 7 p (row address) | 8 acc, 9 v (v128)
const [ROWS, N, STRIDE, QUERY, OUT, R, J, P, ACC, V] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
/** q0 = query[2j .. 2j+16) at `offset` 0 or 16: the i16 lanes matching the low or high half of v. */
const queryAt = (offset: number) => [
  ...[OP.get, QUERY, OP.get, J, OP.i32Const, 1, OP.i32Shl, OP.i32Add],
  ...simdOps.load,
  0,
  offset,
];
const code = [
  // locals: 3 × i32, 2 × v128
  2,
  3,
  0x7f,
  2,
  0x7b,
  ...[OP.get, ROWS, OP.set, P], // p = rows
  ...[OP.block, OP.void, OP.get, N, OP.i32Eqz, OP.brIf, 0], // if n == 0 return
  ...[OP.loop, OP.void], // rows
  ...[...simdOps.const, ...new Array<number>(16).fill(0), OP.set, ACC], // acc = 0
  ...[OP.i32Const, 0, OP.set, J], // j = 0
  ...[OP.loop, OP.void], // columns, 16 at a time
  ...[OP.get, P, OP.get, J, OP.i32Add, ...simdOps.load, 0, 0, OP.tee, V], // v = rows[p + j .. +16)
  ...[...simdOps.extendLowS, ...queryAt(0), ...simdOps.dotI16x8, OP.get, ACC, ...simdOps.addI32x4, OP.set, ACC],
  ...[OP.get, V, ...simdOps.extendHighS, ...queryAt(16), ...simdOps.dotI16x8],
  ...[OP.get, ACC, ...simdOps.addI32x4, OP.set, ACC],
  ...[OP.get, J, OP.i32Const, 16, OP.i32Add, OP.tee, J, OP.get, STRIDE, OP.i32LtU, OP.brIf, 0], // j += 16; j < stride
  OP.end,
  ...[OP.get, OUT, OP.get, R, OP.i32Const, 2, OP.i32Shl, OP.i32Add], // &out[r]
  ...[OP.get, ACC, ...simdOps.extractI32, 0, OP.get, ACC, ...simdOps.extractI32, 1, OP.i32Add],
  ...[OP.get, ACC, ...simdOps.extractI32, 2, OP.i32Add, OP.get, ACC, ...simdOps.extractI32, 3, OP.i32Add],
  ...[OP.i32Store, 2, 0], // out[r] = Σ lanes
  ...[OP.get, P, OP.get, STRIDE, OP.i32Add, OP.set, P], // p += stride
  ...[OP.get, R, OP.i32Const, 1, OP.i32Add, OP.tee, R, OP.get, N, OP.i32LtU, OP.brIf, 0], // r++; r < n
  OP.end,
  OP.end,
  OP.end,
];

const name = (s: string) => [s.length, ...Buffer.from(s)];
/** Unsigned LEB128. */
const leb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
};
const section = (id: number, bytes: number[]) => [id, ...leb(bytes.length), ...bytes];

export const DOTS_MODULE = Uint8Array.from([
  ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
  ...section(1, [1, 0x60, 5, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0]), // type: (i32 ×5) → ()
  ...section(2, [1, ...name('env'), ...name('memory'), 0x02, 0x00, 0x00]), // import env.memory, min 0
  ...section(3, [1, 0]), // one function of type 0
  ...section(7, [1, ...name('dots'), 0x00, 0]), // export "dots"
  ...section(10, [1, ...leb(code.length), ...code]),
]);

export type Dots = (rows: number, n: number, stride: number, query: number, out: number) => void;

/** The little of the WebAssembly API used here (the project's TypeScript libs do not declare it). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface Wasm {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number }) => WasmMemory;
}
const wasm = (globalThis as unknown as { WebAssembly?: Wasm }).WebAssembly;

/** Whether this runtime can run the SIMD kernel (Node ≥ 16.4 can). */
export const simdAvailable = wasm !== undefined && wasm.validate(DOTS_MODULE);
const compiled = simdAvailable ? new wasm!.Module(DOTS_MODULE) : null;

/** A memory of `pages` × 64 KiB that grows in place: a WebAssembly memory, or a plain buffer without WebAssembly. */
export function newMemory(pages: number): WasmMemory {
  if (wasm) return new wasm.Memory({ initial: pages });
  let buffer = new ArrayBuffer(pages * 65_536);
  return {
    get buffer() {
      return buffer;
    },
    grow(more: number) {
      const next = new ArrayBuffer(buffer.byteLength + more * 65_536);
      new Uint8Array(next).set(new Uint8Array(buffer));
      const before = buffer.byteLength / 65_536;
      buffer = next;
      return before;
    },
  };
}

/** The kernel over `memory`: the SIMD one when available, otherwise the JavaScript loop with the same contract. */
export function dotsOver(memory: WasmMemory, forceJs = false): Dots {
  if (compiled && !forceJs) {
    const instance = new wasm!.Instance(compiled, { env: { memory } });
    return instance.exports.dots as Dots;
  }
  return (rows, n, stride, query, out) => {
    const bytes = new Int8Array(memory.buffer);
    const q = new Int16Array(memory.buffer, query, stride);
    const o = new Int32Array(memory.buffer, out, n);
    for (let r = 0, p = rows; r < n; r++, p += stride) {
      let s = 0;
      for (let j = 0; j < stride; j++) s += bytes[p + j]! * q[j]!;
      o[r] = s;
    }
  };
}
