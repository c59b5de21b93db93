/**
 * What every 2D map returns, and the shape check the map makers share.
 */
import { OptionsError } from "../errors";

/** Points laid out in 2D: point i is at (x[i], y[i]), in the order of the input rows. */
export interface Layout2D {
  readonly x: Float64Array;
  readonly y: Float64Array;
  /** Optimisation steps run (iterations for t-SNE, epochs for UMAP). */
  readonly iterations: number;
  /** The final KL divergence for t-SNE; absent for UMAP. */
  readonly error?: number;
}

/**
 * The number of rows of a row-major matrix, after checking it holds whole rows.
 *
 * @param vectors row-major data
 * @param dim the row length
 * @param caller the function name for the error message
 * @returns the number of rows
 * @throws OptionsError when dim is not a positive whole number, the data is not whole rows, or
 *   there are fewer than 3 rows
 */
export function checkMatrix(vectors: ArrayLike<number>, dim: number, caller: string): number {
  if (!Number.isInteger(dim) || dim < 1) throw new OptionsError(`${caller}: dim must be a whole number ≥ 1, got ${dim}`);
  if (vectors.length % dim !== 0) throw new OptionsError(`${caller}: ${vectors.length} numbers are not whole rows of ${dim}`);
  const rows = vectors.length / dim;
  if (rows < 3) throw new OptionsError(`${caller}: a map needs at least 3 points, got ${rows}`);
  for (let i = 0; i < vectors.length; i++) {
    if (!Number.isFinite(vectors[i])) throw new OptionsError(`${caller}: row ${Math.floor(i / dim)} holds ${vectors[i]}; expected finite numbers`);
  }
  return rows;
}
