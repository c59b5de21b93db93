/**
 * The WebAssembly SIMD products of a CBOW block (kernel.wat): logits z = h·Wᵀ + b, and the
 * backward products dW += dzᵀ·h, db += Σ dz, dh = dz·W. Used when D is a multiple of 4.
 */
import { KERNEL_WASM_BASE64 } from "./kernel-wasm";

interface KernelExports {
  logits(h: number, w: number, bias: number, z: number, rows: number, V: number, dbytes: number): void;
  backward(h: number, w: number, dz: number, dw: number, db: number, dh: number, rows: number, V: number, dbytes: number): void;
}

let compiled: WebAssembly.Module | null = null;

/**
 * One model's working memory in a WebAssembly instance: the linear layer (copied in per batch),
 * its gradients, and the block buffers h (rows × D), dh (rows × D) and z (rows × V), exposed as
 * Float32Array views that the JavaScript parts (context sums, softmax, scatter) fill and read.
 */
export class CbowKernel {
  /** Linear weight W, V × D (a copy the caller refreshes before each batch). */
  readonly w: Float32Array;
  /** Linear bias b, V. */
  readonly bias: Float32Array;
  /** Gradient of W, V × D. */
  readonly dw: Float32Array;
  /** Gradient of b, V. */
  readonly db: Float32Array;
  /** Block of summed contexts, rows × D. */
  readonly h: Float32Array;
  /** Gradient of the block's h, rows × D. */
  readonly dh: Float32Array;
  /** Block logits, then their gradients, rows × V. */
  readonly z: Float32Array;
  private readonly exports: KernelExports;
  private readonly offsets: Record<"w" | "bias" | "dw" | "db" | "h" | "dh" | "z", number>;
  private readonly V: number;
  private readonly dbytes: number;

  /**
   * @param V vocabulary size
   * @param D embedding dimension, a multiple of 4
   * @param rows the block size
   */
  constructor(V: number, D: number, rows: number) {
    this.V = V;
    this.dbytes = 4 * D;
    const sizes = { w: V * D, bias: V, dw: V * D, db: V, h: rows * D, dh: rows * D, z: rows * V };
    const offsets = {} as Record<keyof typeof sizes, number>;
    let at = 0;
    for (const [name, floats] of Object.entries(sizes) as [keyof typeof sizes, number][]) {
      offsets[name] = at;
      at += Math.ceil(floats / 4) * 16; // 16-byte aligned
    }
    const memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(at / 65536)) });
    compiled ??= new WebAssembly.Module(Buffer.from(KERNEL_WASM_BASE64, "base64"));
    this.exports = new WebAssembly.Instance(compiled, { env: { memory } }).exports as unknown as KernelExports;
    this.offsets = offsets;
    const view = (name: keyof typeof sizes) => new Float32Array(memory.buffer, offsets[name], sizes[name]);
    this.w = view("w");
    this.bias = view("bias");
    this.dw = view("dw");
    this.db = view("db");
    this.h = view("h");
    this.dh = view("dh");
    this.z = view("z");
  }

  /** z[j, v] = b[v] + h[j]·W[v] for the first `rows` rows of h. */
  logits(rows: number): void {
    const o = this.offsets;
    this.exports.logits(o.h, o.w, o.bias, o.z, rows, this.V, this.dbytes);
  }

  /** dW += dzᵀ·h, db += Σ_j dz[j], dh = dz·W for the first `rows` rows (dz is in z). */
  backward(rows: number): void {
    const o = this.offsets;
    this.exports.backward(o.h, o.w, o.z, o.dw, o.db, o.dh, rows, this.V, this.dbytes);
  }
}
