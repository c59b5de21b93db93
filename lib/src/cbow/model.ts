/**
 * The CBOW next-title model: an embedding table, the sum of the context's rows, a linear layer
 * and a softmax over every title. Forward and backward are written out on typed arrays.
 */
import { inspect } from "node:util";
import { OptionsError } from "../errors";
import { checkOptionValue } from "../options";
import { Random } from "../random";
import { normalInit, uniformInit } from "../train/init";
import { KeyedVectors } from "../vectors/keyed-vectors";
import { scoreRows, topK } from "../vectors/topk";
import type { CbowExamples, TokenIndex } from "./examples";
import { CbowKernel } from "./kernel";

/** Examples processed together inside a batch: their logits (BLOCK × V) stay in cache. */
const BLOCK = 64;

/** The gradients of the three parameters, same shapes as the parameters. */
export interface CbowGradients {
  embedding: Float32Array;
  outWeight: Float32Array;
  outBias: Float32Array;
}

/** A predicted middle title and its probability under the model. */
export interface MiddlePrediction {
  key: string;
  probability: number;
}

/**
 * The parameters and the arithmetic of CBOW with a full softmax:
 *
 *     h = Σ_k E[c_k]                  sum of the 2W context rows of the embedding E (V × D)
 *     z = W h + b                     logits, one per title; W (V × D) and b (V) are the linear layer
 *     p = softmax(z)                  a probability for every title
 *     loss = −log p[t]                cross-entropy with the middle title t, averaged over a batch
 *
 * The weights are laid out as PyTorch's `nn.Embedding(V, D)` and `nn.Linear(D, V)` (W row v is
 * title v's output vector) and start as PyTorch's defaults: E ~ N(0, 1), W and b ~ U(±1/√D).
 */
export class CbowModel {
  /** The titles (tokens) of the rows. */
  readonly index: TokenIndex;
  /** Embedding dimension D. */
  readonly vectorSize: number;
  /** Context tokens on each side of the middle (W). */
  readonly window: number;
  /** Embedding table E, V × D row-major. */
  readonly embedding: Float32Array;
  /** Linear layer weight W, V × D row-major. */
  readonly outWeight: Float32Array;
  /** Linear layer bias b, V. */
  readonly outBias: Float32Array;
  /**
   * Run each block's logits, softmax and backward products in the WebAssembly SIMD kernel, when
   * D is a multiple of 4 (default true). false runs the plain TypeScript loops below, the
   * reference the kernel is tested against.
   */
  simd = true;
  private kernel: CbowKernel | null = null;
  private hidden = new Float32Array(0);
  private logits = new Float32Array(0);
  private hiddenGrad = new Float32Array(0);

  /**
   * @param index the vocabulary (V rows)
   * @param vectorSize D
   * @param window W
   * @param params the weights (E, W, b); omitted: zeros
   */
  constructor(index: TokenIndex, vectorSize: number, window: number, params?: { embedding: Float32Array; outWeight: Float32Array; outBias: Float32Array }) {
    checkOptionValue("CBOW", "vectorSize", vectorSize, "positiveInt");
    checkOptionValue("CBOW", "window", window, "positiveInt");
    if (index.size < 1) throw new OptionsError("CBOW: the vocabulary is empty");
    const v = index.size;
    this.index = index;
    this.vectorSize = vectorSize;
    this.window = window;
    this.embedding = params?.embedding ?? new Float32Array(v * vectorSize);
    this.outWeight = params?.outWeight ?? new Float32Array(v * vectorSize);
    this.outBias = params?.outBias ?? new Float32Array(v);
    const shapes: [string, Float32Array, number][] = [["embedding", this.embedding, v * vectorSize], ["outWeight", this.outWeight, v * vectorSize], ["outBias", this.outBias, v]];
    for (const [name, array, length] of shapes) {
      if (array.length !== length) throw new OptionsError(`CBOW: ${name} has ${array.length} numbers, expected ${length}`);
    }
  }

  /**
   * A model with PyTorch's default initialisation, seeded: E ~ N(0, 1); W, b ~ U(±1/√D).
   *
   * @param index the vocabulary
   * @param vectorSize D
   * @param window W
   * @param seed the seed of the initial weights
   * @returns the model
   */
  static initialize(index: TokenIndex, vectorSize: number, window: number, seed: number): CbowModel {
    const rng = new Random(seed);
    const v = index.size;
    const bound = 1 / Math.sqrt(vectorSize);
    return new CbowModel(index, vectorSize, window, {
      embedding: normalInit(v * vectorSize, 1, rng),
      outWeight: uniformInit(v * vectorSize, bound, rng),
      outBias: uniformInit(v, bound, rng),
    });
  }

  /** Number of titles V. */
  get vocabularySize(): number {
    return this.index.size;
  }

  /** The parameters in a fixed order (E, W, b), for the optimiser. */
  get parameters(): Float32Array[] {
    return [this.embedding, this.outWeight, this.outBias];
  }

  /** Zero-filled gradient arrays of the parameters' shapes. */
  newGradients(): CbowGradients {
    return {
      embedding: new Float32Array(this.embedding.length),
      outWeight: new Float32Array(this.outWeight.length),
      outBias: new Float32Array(this.outBias.length),
    };
  }

  /**
   * The mean cross-entropy of some examples and, when `grads` is given, its gradient with
   * respect to E, W and b (written into `grads`, overwriting it). No allocation after the first
   * call: the examples go through in blocks of 64 with reused buffers.
   *
   * @param examples the examples (their window must be the model's)
   * @param ids which examples (a batch from {@link CbowExamples.collate})
   * @param grads where to write the gradients, or null for the loss only
   * @returns the mean loss over the examples (NaN for none)
   */
  lossAndGradients(examples: CbowExamples, ids: ArrayLike<number>, grads: CbowGradients | null): number {
    if (examples.window !== this.window) throw new OptionsError(`CBOW: examples of window ${examples.window} given to a model of window ${this.window}`);
    const n = ids.length;
    const D = this.vectorSize;
    const V = this.vocabularySize;
    const kernel = this.simd && D % 4 === 0 ? (this.kernel ??= new CbowKernel(V, D, BLOCK, 2 * this.window)) : null;
    if (kernel) kernel.setWeights(this.embedding, this.outWeight, this.outBias);
    else {
      this.ensureBuffers();
      grads?.embedding.fill(0);
      grads?.outWeight.fill(0);
      grads?.outBias.fill(0);
    }
    // dloss/dz of one example is (p − onehot(t)) / n: the batch loss is a mean.
    const scale = 1 / n;
    let lossSum = 0;
    for (let start = 0; start < n; start += BLOCK) {
      const b = Math.min(BLOCK, n - start);
      lossSum += kernel ? this.kernelBlock(kernel, examples, ids, start, b, scale, grads !== null) : this.plainBlock(examples, ids, start, b, scale, grads);
    }
    if (kernel && grads) kernel.gradients(grads.embedding, grads.outWeight, grads.outBias);
    return lossSum / n;
  }

  /**
   * The mean loss of every example (no gradients), for validation.
   *
   * @param examples the examples
   * @returns the mean cross-entropy, in nats
   */
  loss(examples: CbowExamples): number {
    const ids = new Int32Array(examples.count);
    for (let e = 0; e < ids.length; e++) ids[e] = e;
    return this.lossAndGradients(examples, ids, null);
  }

  /**
   * The most likely middle titles for a context: the rows of the linear layer scored against
   * the summed context (through the library's one top-k search), turned into probabilities by
   * the softmax over all V titles.
   *
   * @param context the 2W context tokens: W before the middle, then W after
   * @param topn how many titles (default 5)
   * @returns the titles, most likely first, with their probabilities
   * @throws OptionsError when the context does not have 2W tokens; UnknownKeyError for an unknown token
   * @example
   * model.predictMiddle(["4993", "7153"], 5); // between the first and third Lord of the Rings
   */
  predictMiddle(context: readonly string[], topn = 5): MiddlePrediction[] {
    const width = 2 * this.window;
    if (context.length !== width) throw new OptionsError(`predictMiddle: a window of ${this.window} needs ${width} context tokens (${this.window} before, ${this.window} after), got ${context.length}`);
    const D = this.vectorSize;
    const V = this.vocabularySize;
    // the output layer as rows [W_v | b_v], the query as [h | 1]: row v scores z_v = W_v·h + b_v
    const rows = new Float32Array(V * (D + 1));
    for (let v = 0; v < V; v++) {
      rows.set(this.outWeight.subarray(v * D, (v + 1) * D), v * (D + 1));
      rows[v * (D + 1) + D] = this.outBias[v];
    }
    const query = new Float64Array(D + 1);
    for (const token of context) {
      const row = this.index.rowOf(token) * D;
      for (let d = 0; d < D; d++) query[d] += this.embedding[row + d];
    }
    query[D] = 1;
    const logits = scoreRows(rows, V, D + 1, query, { metric: "dot" });
    let max = -Infinity;
    for (const z of logits) max = Math.max(max, z);
    let sum = 0;
    for (const z of logits) sum += Math.exp(z - max);
    return topK(rows, V, D + 1, query, topn, { metric: "dot" }).map(({ index, score }) => ({
      key: this.index.keys[index],
      probability: Math.exp(score - max) / sum,
    }));
  }

  /**
   * The learnt title vectors (the rows of E, a copy) keyed by token, for similarity queries,
   * evaluation and export.
   */
  get wv(): KeyedVectors {
    return new KeyedVectors(this.index.keys, this.embedding.slice(), this.vectorSize);
  }

  /**
   * The output layer as a next-title scorer reads it: the linear layer's rows scaled by
   * `contextSize`, and its biases. A scorer that averages `contextSize` query rows of E and dots
   * the mean with these rows computes `W · Σ E[c] + b`, the model's own logits for that context
   * (the forward pass sums its context rows). Rows follow `index.keys`, as `wv` does.
   *
   * @param contextSize how many query movies the scorer averages (default 2W, the trained context)
   * @returns `{ vectors, bias }` for `vectorScorer(model.wv, split, { queryLength: contextSize, output })`
   */
  outputLayer(contextSize = 2 * this.window): { vectors: Float32Array; bias: Float32Array } {
    if (!(contextSize > 0)) throw new OptionsError(`CbowModel.outputLayer: contextSize must be > 0, got ${contextSize}`);
    return { vectors: this.outWeight.map((w) => w * contextSize), bias: this.outBias.slice() };
  }

  /** A deep copy of the weights. */
  clone(): CbowModel {
    return new CbowModel(this.index, this.vectorSize, this.window, {
      embedding: this.embedding.slice(),
      outWeight: this.outWeight.slice(),
      outBias: this.outBias.slice(),
    });
  }

  /** One line for notebooks: "CbowModel<50 titles × 20, window 1>". */
  [inspect.custom](): string {
    return `CbowModel<${this.vocabularySize} titles × ${this.vectorSize}, window ${this.window}>`;
  }

  /**
   * The steps of {@link plainBlock} for one block in the WebAssembly kernel; the gradients stay
   * in the kernel until the batch is done.
   *
   * @returns the sum of the block's losses
   */
  private kernelBlock(kernel: CbowKernel, examples: CbowExamples, ids: ArrayLike<number>, start: number, b: number, scale: number, grad: boolean): number {
    const width = 2 * this.window;
    for (let j = 0; j < b; j++) {
      const example = ids[start + j];
      kernel.targets[j] = examples.targets[example];
      for (let k = 0; k < width; k++) kernel.contexts[j * width + k] = examples.contexts[example * width + k];
    }
    kernel.forward(b);
    kernel.softmax(b, scale, grad);
    // loss_j = m_j + log Σ_v exp(z_jv − m_j) − z_jt from the per-row pieces
    let lossSum = 0;
    const stats = kernel.stats;
    for (let j = 0; j < b; j++) lossSum += stats[4 * j] + Math.log(stats[4 * j + 1]) - stats[4 * j + 2];
    if (grad) kernel.backward(b);
    return lossSum;
  }

  /**
   * One block of examples in plain loops (the reference the kernel is tested against): the loss
   * and, when `grads` is given, the gradients added to it.
   *
   * @returns the sum of the block's losses
   */
  private plainBlock(examples: CbowExamples, ids: ArrayLike<number>, start: number, b: number, scale: number, grads: CbowGradients | null): number {
    const D = this.vectorSize;
    const V = this.vocabularySize;
    const width = 2 * this.window;
    const E = this.embedding;
    const W = this.outWeight;
    const bias = this.outBias;
    const h = this.hidden;
    const z = this.logits;
    const dh = this.hiddenGrad;
    const contexts = examples.contexts;
    const targets = examples.targets;

    // forward 1: h_j = Σ_k E[c_jk]   (b × D)
    h.fill(0, 0, b * D);
    for (let j = 0; j < b; j++) {
      const ctx = ids[start + j] * width;
      const hj = j * D;
      for (let k = 0; k < width; k++) {
        const row = contexts[ctx + k] * D;
        for (let d = 0; d < D; d++) h[hj + d] += E[row + d];
      }
    }

    // forward 2: z_jv = b_v + Σ_d h_jd · W_vd   (b × V)
    for (let j = 0; j < b; j++) {
      const hj = j * D;
      const zj = j * V;
      for (let v = 0; v < V; v++) {
        const wv = v * D;
        let s = bias[v];
        for (let d = 0; d < D; d++) s += h[hj + d] * W[wv + d];
        z[zj + v] = s;
      }
    }

    // forward 3: loss_j = log Σ_v exp(z_jv) − z_jt = (m + log Σ_v exp(z_jv − m)) − z_jt, m = max_v z_jv
    // backward 1: dz_jv = (p_jv − [v = t]) / n with p_jv = exp(z_jv − m) / Σ   (overwrites z)
    let lossSum = 0;
    for (let j = 0; j < b; j++) {
      const zj = j * V;
      const t = targets[ids[start + j]];
      let max = -Infinity;
      for (let v = 0; v < V; v++) if (z[zj + v] > max) max = z[zj + v];
      const zt = z[zj + t];
      let sum = 0;
      for (let v = 0; v < V; v++) {
        const e = Math.exp(z[zj + v] - max);
        z[zj + v] = e;
        sum += e;
      }
      lossSum += max + Math.log(sum) - zt;
      if (grads) {
        const norm = scale / sum;
        for (let v = 0; v < V; v++) z[zj + v] *= norm;
        z[zj + t] -= scale;
      }
    }
    if (!grads) return lossSum;

    // backward 2: dW_vd += Σ_j dz_jv · h_jd;  db_v += Σ_j dz_jv;  dh_jd = Σ_v dz_jv · W_vd
    const dW = grads.outWeight;
    const db = grads.outBias;
    dh.fill(0, 0, b * D);
    for (let j = 0; j < b; j++) {
      const hj = j * D;
      const zj = j * V;
      for (let v = 0; v < V; v++) {
        const g = z[zj + v];
        const wv = v * D;
        db[v] += g;
        for (let d = 0; d < D; d++) {
          dW[wv + d] += g * h[hj + d];
          dh[hj + d] += g * W[wv + d];
        }
      }
    }

    // backward 3: dE[c_jk] += dh_j for each context token (h is their sum, so each gets dh_j)
    const dE = grads.embedding;
    for (let j = 0; j < b; j++) {
      const ctx = ids[start + j] * width;
      const hj = j * D;
      for (let k = 0; k < width; k++) {
        const row = contexts[ctx + k] * D;
        for (let d = 0; d < D; d++) dE[row + d] += dh[hj + d];
      }
    }
    return lossSum;
  }

  private ensureBuffers(): void {
    if (this.logits.length === BLOCK * this.vocabularySize) return;
    this.hidden = new Float32Array(BLOCK * this.vectorSize);
    this.hiddenGrad = new Float32Array(BLOCK * this.vectorSize);
    this.logits = new Float32Array(BLOCK * this.vocabularySize);
  }
}
