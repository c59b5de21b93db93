/**
 * Adam (Kingma & Ba, 2015), the optimiser every gradient-trained model in lib shares.
 */
import { OptionsError } from "../errors";
import { checkOptionValue, checkOptions, type OptionChecks } from "../options";
import { ADAM_WASM_BASE64 } from "./adam-wasm";

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

interface AdamExports {
  update(p: number, g: number, m: number, v: number, n: number, beta1: number, beta2: number, epsilon: number, stepSize: number, sqrtC2: number, penalise: number, decay: number, sum: number): number;
}

/**
 * One parameter array in its own WebAssembly memory, with its gradient and its two moments
 * beside it (at byte offsets 0, gOffset, mOffset, vOffset), and the kernel instance that updates them.
 */
interface Slot {
  readonly param: Float32Array;
  readonly grad: Float32Array;
  readonly m: Float32Array;
  readonly v: Float32Array;
  readonly gOffset: number;
  readonly mOffset: number;
  readonly vOffset: number;
  readonly kernel: AdamExports;
  /** The Adam whose moments the slot holds (the newest one built on the parameter). */
  owner: Adam | null;
}

let compiled: WebAssembly.Module | null = null;
/** The slots of the arrays {@link Adam.allocate} made, by their parameter array. */
const allocated = new WeakMap<Float32Array, Slot>();

function newSlot(length: number): Slot {
  const bytes = Math.ceil(length / 4) * 16; // 16-byte aligned
  const memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil((4 * bytes) / 65536)) });
  compiled ??= new WebAssembly.Module(Buffer.from(ADAM_WASM_BASE64, "base64"));
  const kernel = new WebAssembly.Instance(compiled, { env: { memory } }).exports as unknown as AdamExports;
  const view = (at: number) => new Float32Array(memory.buffer, at, length);
  return { param: view(0), grad: view(bytes), m: view(2 * bytes), v: view(3 * bytes), gOffset: bytes, mOffset: 2 * bytes, vOffset: 3 * bytes, kernel, owner: null };
}

/**
 * Adam over a fixed list of parameter arrays (each a flat Float32Array, row-major for matrices).
 * For every element, with gradient g at step t:
 *
 *     m ← β₁·m + (1 − β₁)·g            first moment
 *     v ← β₂·v + (1 − β₂)·g²           second moment
 *     m̂ = m / (1 − β₁ᵗ),  v̂ = v / (1 − β₂ᵗ)   bias correction (both start at 0)
 *     θ ← θ − α·m̂ / (√v̂ + ε)
 *
 * computed as θ ← θ − (α/c₁)·m / (√v/√c₂ + ε) in f64 from the f32 values, the new m and v used
 * before they are rounded to f32 (adam.wat, a WebAssembly SIMD kernel, runs every update).
 *
 * `step` updates every element, as `torch.optim.Adam` does (an element whose gradient is 0 still
 * moves while its momentum decays). `stepRows` is the "lazy" variant for embedding tables: only
 * the rows a batch touched are updated, which is what makes large tables cheap.
 *
 * The kernel works on memory of its own: a parameter made by {@link Adam.allocate} lives there
 * already, with its gradient ({@link grads}) and moments beside it, and is updated in place; any
 * other array is copied in and out around each update (the rows of a lazy step only).
 *
 * @example
 * const weights = new Float32Array([1, -1]);
 * const adam = new Adam([weights], { learningRate: 0.1 });
 * adam.step([new Float32Array([0.5, -0.5])]); // weights ≈ [0.9, -0.9]: the first step has size α
 */
export class Adam {
  /** The parameters, updated in place. */
  readonly params: readonly Float32Array[];
  /**
   * One gradient array per parameter, in the kernel's memory: a trainer that writes its
   * gradients here and passes them to {@link step} saves a copy per step.
   */
  readonly grads: readonly Float32Array[];
  /** The settings in use, defaults filled in. */
  readonly options: Readonly<Required<AdamOptions>>;
  /** Steps taken so far (t). */
  stepCount = 0;
  private readonly slots: Slot[];
  /** Per parameter, whether it lives outside its slot (copied in and out around updates). */
  private readonly copied: boolean[];
  /** Per parameter updated by rows, the step that last updated each row. */
  private readonly lastStep: (Uint32Array | undefined)[] = [];

  /**
   * A zeroed parameter array that Adam updates in place, without copying: it lives in the
   * kernel's memory with room for its gradient and moments. Models allocate their tables here.
   *
   * @param length the number of elements
   * @returns the array (a view on its own WebAssembly memory)
   * @throws OptionsError for a length that is not an integer ≥ 0
   * @example
   * const table = Adam.allocate(1000 * 16); // then fill it with initial weights
   */
  static allocate(length: number): Float32Array {
    checkOptionValue("Adam.allocate", "length", length, "nonNegativeInt");
    const slot = newSlot(length);
    allocated.set(slot.param, slot);
    return slot.param;
  }

  /**
   * @param params the arrays to optimise (updated in place by each step); an array made by
   *   {@link Adam.allocate} gets its gradient and moments zeroed and is then this Adam's alone (an older Adam on
   *   it refuses to step)
   * @param options learning rate, betas and epsilon
   * @throws OptionsError for a non-positive learning rate or a beta outside [0, 1)
   */
  constructor(params: readonly Float32Array[], options: AdamOptions = {}) {
    const { learningRate = 0.001, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8 } = checkOptions("Adam", options, CHECKS);
    const resolved = { learningRate, beta1, beta2, epsilon };
    this.params = params;
    this.options = resolved;
    this.copied = params.map((p) => !allocated.has(p));
    this.slots = params.map((p) => {
      const slot = allocated.get(p) ?? newSlot(p.length);
      slot.grad.fill(0);
      slot.m.fill(0);
      slot.v.fill(0);
      slot.owner = this;
      return slot;
    });
    this.grads = this.slots.map((slot) => slot.grad);
  }

  /**
   * One update of every element of every parameter.
   *
   * @param grads one gradient array per parameter, same lengths, same order ({@link grads} or others)
   */
  step(grads: readonly Float32Array[]): void {
    this.updateAll(grads, []);
  }

  /**
   * One {@link step}, then the start of the next step's gradient for a loss with an L2 penalty
   * λ‖θ‖² on some parameters: their gradient arrays are overwritten with 2λ·θ of the updated
   * weights (rounded to f32), in the same pass over memory. The next step then only adds its
   * data term's gradient. The same numbers as a step followed by a separate penalty pass.
   *
   * @param grads one gradient array per parameter (those of the penalised ones are overwritten)
   * @param l2 the penalty's λ (≥ 0)
   * @param penalised the indices of the penalised parameters
   * @returns ‖θ‖² over the penalised parameters after the update, summed element by element in
   *   parameter order (the next step's penalty is λ times it)
   * @example
   * // a table and a bias; the loss adds 1e-6·‖table‖²
   * const sumOfSquares = adam.stepAndPenalise([gradTable, gradBias], 1e-6, [0]); // gradTable = 2e-6·table
   */
  stepAndPenalise(grads: readonly Float32Array[], l2: number, penalised: readonly number[]): number {
    if (!(l2 >= 0 && Number.isFinite(l2))) throw new OptionsError(`Adam.stepAndPenalise: l2 must be a finite number ≥ 0, got ${l2}`);
    for (const k of penalised) {
      if (!(Number.isInteger(k) && k >= 0 && k < this.params.length)) {
        throw new OptionsError(`Adam.stepAndPenalise: penalised holds ${k}, expected parameter indices 0 to ${this.params.length - 1}`);
      }
    }
    return this.updateAll(grads, penalised, 2 * l2);
  }

  /** A step over every element; returns Σθ² of the penalised parameters (their gradients set to decay·θ). */
  private updateAll(grads: readonly Float32Array[], penalised: readonly number[], decay = 0): number {
    this.checkGrads(grads);
    this.stepCount++;
    const { stepSize, sqrtCorrection2 } = this.corrections();
    let sum = 0;
    for (let k = 0; k < this.params.length; k++) {
      sum = this.update(k, grads[k], 0, this.params[k].length, stepSize, sqrtCorrection2, penalised.includes(k), decay, sum);
    }
    return sum;
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
    const { stepSize, sqrtCorrection2 } = this.corrections();
    for (let k = 0; k < this.params.length; k++) {
      const touched = rows[k];
      if (touched === null || touched === undefined) {
        this.update(k, grads[k], 0, this.params[k].length, stepSize, sqrtCorrection2, false, 0, 0);
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
        this.update(k, grads[k], row * width, row * width + width, stepSize, sqrtCorrection2, false, 0, 0);
      }
    }
  }

  /** The step size α/(1 − β₁ᵗ) and √(1 − β₂ᵗ) of the current step t. */
  private corrections(): { stepSize: number; sqrtCorrection2: number } {
    const { learningRate, beta1, beta2 } = this.options;
    const t = this.stepCount;
    return { stepSize: learningRate / (1 - Math.pow(beta1, t)), sqrtCorrection2: Math.sqrt(1 - Math.pow(beta2, t)) };
  }

  /**
   * Updates elements [start, end) of parameter k from its gradient, in the kernel; when
   * penalising, then sets their gradient to decay·θ and returns `sum` + Σθ² (else `sum`).
   */
  private update(k: number, grad: Float32Array, start: number, end: number, stepSize: number, sqrtCorrection2: number, penalise: boolean, decay: number, sum: number): number {
    const slot = this.slots[k];
    const copied = this.copied[k];
    const param = this.params[k];
    if (slot.owner !== this) throw new OptionsError(`Adam: parameter ${k} is optimised by a newer Adam now (its moments were reset); step that one`);
    if (copied) slot.param.set(param.subarray(start, end), start);
    const foreignGrad = grad !== slot.grad;
    if (foreignGrad) slot.grad.set(grad.subarray(start, end), start);
    const { beta1, beta2, epsilon } = this.options;
    const at = 4 * start;
    const result = slot.kernel.update(at, slot.gOffset + at, slot.mOffset + at, slot.vOffset + at, end - start, beta1, beta2, epsilon, stepSize, sqrtCorrection2, penalise ? 1 : 0, decay, sum);
    if (copied) param.set(slot.param.subarray(start, end), start);
    if (penalise && foreignGrad) grad.set(slot.grad.subarray(start, end), start);
    return result;
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
