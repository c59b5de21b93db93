/**
 * Adam (Kingma & Ba, 2015), the optimiser every gradient-trained model in lib shares.
 */
import { OptionsError } from "../errors";
import { checkOptions, type OptionChecks } from "../options";

/** Settings of {@link Adam}, with PyTorch's and Keras' defaults. */
export interface AdamOptions {
  /** Step size α (default 0.001). */
  learningRate?: number;
  /** Decay of the first-moment (mean) estimate β₁ (default 0.9). */
  beta1?: number;
  /** Decay of the second-moment (uncentred variance) estimate β₂ (default 0.999). */
  beta2?: number;
  /** Added to √v̂ so that a parameter with tiny gradients does not take huge steps (default 1e-8). */
  epsilon?: number;
}

const BETA = { min: 0, max: 1, exclusiveMax: true } as const;
const CHECKS: OptionChecks<AdamOptions> = { learningRate: "positive", beta1: BETA, beta2: BETA, epsilon: "nonNegative" };

/**
 * Adam over a fixed list of parameter arrays (each a flat Float32Array, row-major for matrices).
 * For every element, with gradient g at step t:
 *
 *     m ← β₁·m + (1 − β₁)·g            first moment
 *     v ← β₂·v + (1 − β₂)·g²           second moment
 *     m̂ = m / (1 − β₁ᵗ),  v̂ = v / (1 − β₂ᵗ)   bias correction (both start at 0)
 *     θ ← θ − α·m̂ / (√v̂ + ε)
 *
 * `step` updates every element, as `torch.optim.Adam` does (an element whose gradient is 0 still
 * moves while its momentum decays). `stepRows` is the "lazy" variant for embedding tables: only
 * the rows a batch touched are updated, which is what makes large tables cheap.
 *
 * @example
 * const weights = new Float32Array([1, -1]);
 * const adam = new Adam([weights], { learningRate: 0.1 });
 * adam.step([new Float32Array([0.5, -0.5])]); // weights ≈ [0.9, -0.9]: the first step has size α
 */
export class Adam {
  /** The parameters, updated in place. */
  readonly params: readonly Float32Array[];
  /** The settings in use, defaults filled in. */
  readonly options: Readonly<Required<AdamOptions>>;
  /** Steps taken so far (t). */
  stepCount = 0;
  private readonly m: Float32Array[];
  private readonly v: Float32Array[];
  /** Per parameter updated by rows, the step that last updated each row. */
  private readonly lastStep: (Uint32Array | undefined)[] = [];

  /**
   * @param params the arrays to optimise (updated in place by each step)
   * @param options learning rate, betas and epsilon
   * @throws OptionsError for a non-positive learning rate or a beta outside [0, 1)
   */
  constructor(params: readonly Float32Array[], options: AdamOptions = {}) {
    const { learningRate = 0.001, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8 } = checkOptions("Adam", options, CHECKS);
    const resolved = { learningRate, beta1, beta2, epsilon };
    this.params = params;
    this.options = resolved;
    this.m = params.map((p) => new Float32Array(p.length));
    this.v = params.map((p) => new Float32Array(p.length));
  }

  /**
   * One update of every element of every parameter.
   *
   * @param grads one gradient array per parameter, same lengths, same order
   */
  step(grads: readonly Float32Array[]): void {
    this.checkGrads(grads);
    this.stepCount++;
    const corrections = this.corrections();
    for (let k = 0; k < this.params.length; k++) this.update(k, grads[k], 0, this.params[k].length, corrections);
  }

  /**
   * One "lazy" update: for each parameter, only the listed rows (of `width` elements each) are
   * updated; `null` rows means the whole parameter. Rows may repeat; each is updated once.
   * The gradient arrays are full-size; only the listed rows are read.
   *
   * @param grads one full-size gradient array per parameter
   * @param rows per parameter, the row indices touched (or null for all)
   * @param widths per parameter, the row width (ignored where rows is null)
   * @example
   * // an embedding table (1000 × 16) and a bias (16): only rows 3 and 7 of the table move
   * adam.stepRows([gradTable, gradBias], [new Int32Array([3, 7]), null], [16, 0]);
   */
  stepRows(grads: readonly Float32Array[], rows: readonly (ArrayLike<number> | null)[], widths: readonly number[]): void {
    this.checkGrads(grads);
    this.stepCount++;
    const corrections = this.corrections();
    for (let k = 0; k < this.params.length; k++) {
      const touched = rows[k];
      if (touched === null || touched === undefined) {
        this.update(k, grads[k], 0, this.params[k].length, corrections);
        continue;
      }
      const width = widths[k];
      // a row listed twice is updated once: remember the step that last updated each row
      const rowCount = Math.floor(this.params[k].length / width);
      let lastStep = this.lastStep[k];
      if (lastStep === undefined || lastStep.length !== rowCount) lastStep = this.lastStep[k] = new Uint32Array(rowCount);
      for (let i = 0; i < touched.length; i++) {
        const row = touched[i];
        if (lastStep[row] === this.stepCount) continue;
        lastStep[row] = this.stepCount;
        this.update(k, grads[k], row * width, row * width + width, corrections);
      }
    }
  }

  /** The step size α/(1 − β₁ᵗ) and √(1 − β₂ᵗ) of the current step t. */
  private corrections(): { stepSize: number; sqrtCorrection2: number } {
    const { learningRate, beta1, beta2 } = this.options;
    const t = this.stepCount;
    return { stepSize: learningRate / (1 - Math.pow(beta1, t)), sqrtCorrection2: Math.sqrt(1 - Math.pow(beta2, t)) };
  }

  /** Updates elements [start, end) of parameter k from its gradient. */
  private update(k: number, grad: Float32Array, start: number, end: number, corrections: { stepSize: number; sqrtCorrection2: number }): void {
    const { beta1, beta2, epsilon } = this.options;
    // θ −= α·m̂/(√v̂ + ε), with m̂ = m/c₁ and v̂ = v/c₂ (α/c₁ and √c₂ computed once per step)
    const { stepSize, sqrtCorrection2 } = corrections;
    const param = this.params[k];
    const m = this.m[k];
    const v = this.v[k];
    for (let i = start; i < end; i++) {
      const g = grad[i];
      const mi = (m[i] = beta1 * m[i] + (1 - beta1) * g);
      const vi = (v[i] = beta2 * v[i] + (1 - beta2) * g * g);
      param[i] -= (stepSize * mi) / (Math.sqrt(vi) / sqrtCorrection2 + epsilon);
    }
  }

  private checkGrads(grads: readonly Float32Array[]): void {
    if (grads.length !== this.params.length) {
      throw new OptionsError(`Adam: expected ${this.params.length} gradient arrays (one per parameter), got ${grads.length}`);
    }
    for (let k = 0; k < grads.length; k++) {
      if (grads[k].length !== this.params[k].length) {
        throw new OptionsError(`Adam: gradient ${k} has ${grads[k].length} elements, its parameter has ${this.params[k].length}`);
      }
    }
  }
}
