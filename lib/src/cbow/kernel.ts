/**
 * A CBOW block's forward and backward pass in WebAssembly SIMD (kernel.wat): context sums h,
 * logits z = h·Wᵀ + b, the softmax with its loss pieces and dloss/dz, then dW += dzᵀ·h,
 * db += Σ dz, dh = dz·W and dE[c] += dh. Used when D is a multiple of 4.
 */
import { KERNEL_WASM_BASE64 } from "./kernel-wasm";

interface KernelExports {
  gather(e: number, contexts: number, h: number, rows: number, width: number, D: number): void;
  scatter(dh: number, contexts: number, de: number, rows: number, width: number, D: number): void;
  logits(h: number, wt: number, bias: number, z: number, rows: number, Vp: number, D: number): void;
  softmax(z: number, targets: number, stats: number, db: number, rows: number, Vp: number, scale: number, grad: number): void;
  hiddenGrad(wt: number, dz: number, dh: number, rows: number, Vp: number, D: number): void;
  weightGrad(h: number, dz: number, dwt: number, rows: number, Vp: number, D: number): void;
}

let compiled: WebAssembly.Module | null = null;

/** `n` rounded up to a multiple of `m`. */
const roundUp = (n: number, m: number): number => Math.ceil(n / m) * m;

/**
 * One model's working memory in a WebAssembly instance, and the steps of a block. The embedding
 * is there as in the model (V × D); the linear layer transposed (D × Vp, V padded to a multiple of
 * 8 with zero columns and bias −∞), so that the products run four logits to a vector.
 * {@link setWeights} copies the weights in and {@link gradients} copies the gradients out, once
 * per batch. The JavaScript side fills `contexts` and `targets` of a block and reads `stats`.
 */
export class CbowKernel {
  /** The block's context titles, rows × width. */
  readonly contexts: Int32Array;
  /** The block's middle titles, rows. */
  readonly targets: Int32Array;
  /** Per row after {@link softmax}: max_v z, Σ_v exp(z_v − max), z_t, (unused). */
  readonly stats: Float32Array;
  /** Logits, then probabilities / dloss/dz, rows × Vp (for tests; columns ≥ V are padding). */
  readonly z: Float32Array;
  /** V padded to a multiple of 8: the row length of z and of the transposed weights. */
  readonly paddedV: number;
  private readonly h: Float32Array;
  private readonly e: Float32Array;
  private readonly de: Float32Array;
  private readonly wt: Float32Array;
  private readonly bias: Float32Array;
  private readonly dwt: Float32Array;
  private readonly db: Float32Array;
  private readonly exports: KernelExports;
  private readonly offsets: Record<"e" | "de" | "wt" | "bias" | "dwt" | "db" | "h" | "dh" | "z" | "contexts" | "targets" | "stats", number>;
  private readonly V: number;
  private readonly D: number;
  private readonly width: number;

  /**
   * @param V vocabulary size
   * @param D embedding dimension, a multiple of 4
   * @param rows the block size, a multiple of 4
   * @param width context titles per row (2W)
   */
  constructor(V: number, D: number, rows: number, width: number) {
    const Vp = roundUp(V, 8);
    this.V = V;
    this.D = D;
    this.width = width;
    this.paddedV = Vp;
    const sizes = {
      e: V * D, de: V * D, wt: D * Vp, bias: Vp, dwt: D * Vp, db: Vp,
      h: rows * D, dh: rows * D, z: rows * Vp, contexts: rows * width, targets: rows, stats: rows * 4,
    };
    const offsets = {} as Record<keyof typeof sizes, number>;
    let at = 0;
    for (const [name, count] of Object.entries(sizes) as [keyof typeof sizes, number][]) {
      offsets[name] = at;
      at += roundUp(count, 4) * 4; // 16-byte aligned
    }
    const memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(at / 65536)) });
    compiled ??= new WebAssembly.Module(Buffer.from(KERNEL_WASM_BASE64, "base64"));
    this.exports = new WebAssembly.Instance(compiled, { env: { memory } }).exports as unknown as KernelExports;
    this.offsets = offsets;
    const view = (name: keyof typeof sizes) => new Float32Array(memory.buffer, offsets[name], sizes[name]);
    this.h = view("h");
    this.e = view("e");
    this.de = view("de");
    this.wt = view("wt");
    this.bias = view("bias");
    this.dwt = view("dwt");
    this.db = view("db");
    this.z = view("z");
    this.contexts = new Int32Array(memory.buffer, offsets.contexts, sizes.contexts);
    this.targets = new Int32Array(memory.buffer, offsets.targets, sizes.targets);
    this.stats = view("stats");
  }

  /** Copies in E, W (V × D) as wt[d, v] = W[v, d] and b (padding: −∞), and zeroes the gradients. */
  setWeights(E: Float32Array, W: Float32Array, bias: Float32Array): void {
    const { V, D, paddedV: Vp } = this;
    this.e.set(E);
    this.de.fill(0);
    for (let v = 0; v < V; v++) {
      for (let d = 0; d < D; d++) this.wt[d * Vp + v] = W[v * D + d];
    }
    this.bias.set(bias);
    this.bias.fill(-Infinity, V);
    this.dwt.fill(0);
    this.db.fill(0);
  }

  /** Copies out dE, dW (V × D) and db (V) summed over the blocks since {@link setWeights}. */
  gradients(dE: Float32Array, dW: Float32Array, db: Float32Array): void {
    const { V, D, paddedV: Vp } = this;
    dE.set(this.de);
    for (let v = 0; v < V; v++) {
      for (let d = 0; d < D; d++) dW[v * D + d] = this.dwt[d * Vp + v];
    }
    db.set(this.db.subarray(0, V));
  }

  /** h[j] = Σ_k E[c_jk] and z[j, v] = b[v] + h[j]·W[v] for the first `rows` rows. */
  forward(rows: number): void {
    const padded = roundUp(rows, 4); // the logits take whole blocks of four rows: the rest have h = 0
    const o = this.offsets;
    this.exports.gather(o.e, o.contexts, o.h, rows, this.width, this.D);
    this.h.fill(0, rows * this.D, padded * this.D);
    this.exports.logits(o.h, o.wt, o.bias, o.z, padded, this.paddedV, this.D);
  }

  /**
   * Per row: stats = (max z, Σ exp(z − max), z_t). With `grad`, z becomes dloss/dz =
   * scale · (softmax(z) − onehot(t)) and db accumulates it.
   */
  softmax(rows: number, scale: number, grad: boolean): void {
    const o = this.offsets;
    this.exports.softmax(o.z, o.targets, o.stats, o.db, rows, this.paddedV, scale, grad ? 1 : 0);
  }

  /**
   * dW += dzᵀ·h, dh = dz·W and dE[c_jk] += dh[j] for the first `rows` rows (after
   * {@link softmax} with `grad`).
   */
  backward(rows: number): void {
    const padded = roundUp(rows, 2); // dh takes whole pairs of rows: the rest have dz = 0
    this.z.fill(0, rows * this.paddedV, padded * this.paddedV);
    const o = this.offsets;
    this.exports.weightGrad(o.h, o.z, o.dwt, rows, this.paddedV, this.D);
    this.exports.hiddenGrad(o.wt, o.z, o.dh, padded, this.paddedV, this.D);
    this.exports.scatter(o.dh, o.contexts, o.de, rows, this.width, this.D);
  }
}
