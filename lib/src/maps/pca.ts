/**
 * Principal component analysis to 2-D with ml-matrix: the linear map to set beside t-SNE, and
 * t-SNE's starting layout.
 */
import { EigenvalueDecomposition, Matrix } from "ml-matrix";
import { OptionsError } from "../errors";
import { checkOptions } from "../options";
import { checkMatrix, type Layout2D } from "./layout";

/** Options of {@link pca}. */
export interface PcaOptions {
  /**
   * Scale every input dimension to unit variance first (PCA of the correlation matrix), so a
   * dimension with a large spread does not dominate (default false: the covariance matrix).
   */
  standardize?: boolean;
}

/** A PCA map: the projections on the first two principal components. */
export interface PcaMap extends Layout2D {
  /** Share of the total variance along each of the two components (largest first). */
  readonly explainedVarianceRatio: readonly [number, number];
  /** The two components (unit vectors in the input space), row-major 2 × dim. */
  readonly components: Float64Array;
}

/**
 * Projects vectors on their first two principal components: the directions of largest variance,
 * the eigenvectors of the covariance matrix C = XᵀX / (N − 1) of the centred data X with the
 * largest eigenvalues. Eigenvalue i over the trace of C is the share of variance component i
 * explains. Each component's sign is fixed so its largest-magnitude entry is positive, so the
 * same data always gives the same picture.
 *
 * @param vectors row-major, `rows × dim`
 * @param dim the length of each vector (≥ 2)
 * @param options `standardize` (default false)
 * @returns x, y (the two projections), `explainedVarianceRatio`, `components`; `iterations` is 0
 * @throws OptionsError on bad shapes, non-finite values or unknown options
 * @example
 * const map = pca(wv.normedVectors(), wv.vectorSize);
 * map.explainedVarianceRatio; // e.g. [0.08, 0.05]: a linear 2-D view keeps little of 50 dimensions
 */
export function pca(vectors: Float32Array | Float64Array, dim: number, options: PcaOptions = {}): PcaMap {
  const { standardize = false } = checkOptions("pca", options, { standardize: "boolean" });
  const rows = checkMatrix(vectors, dim, "pca");
  if (dim < 2) throw new OptionsError(`pca: a 2-D map needs vectors of at least 2 dimensions, got ${dim}`);
  const X = new Matrix(rows, dim);
  for (let r = 0; r < rows; r++) for (let d = 0; d < dim; d++) X.set(r, d, vectors[r * dim + d]);
  X.center("column");
  if (standardize) {
    // Divide each column by its standard deviation (a constant column stays 0).
    for (let d = 0; d < dim; d++) {
      const std = Math.sqrt(X.getColumn(d).reduce((sum, v) => sum + v * v, 0) / (rows - 1));
      if (std > 0) for (let r = 0; r < rows; r++) X.set(r, d, X.get(r, d) / std);
    }
  }
  // C = XᵀX / (N − 1), symmetric: its eigenvectors are the principal directions.
  const covariance = X.transpose().mmul(X).div(rows - 1);
  const eigen = new EigenvalueDecomposition(covariance, { assumeSymmetric: true });
  const values = eigen.realEigenvalues;
  const order = values.map((_, i) => i).sort((a, b) => values[b] - values[a] || a - b);
  const total = values.reduce((sum, v) => sum + Math.max(v, 0), 0);
  const components = new Float64Array(2 * dim);
  for (let c = 0; c < 2; c++) {
    const column = eigen.eigenvectorMatrix.getColumn(order[c]);
    let largest = 0;
    for (let d = 0; d < dim; d++) if (Math.abs(column[d]) > Math.abs(column[largest])) largest = d;
    const sign = column[largest] < 0 ? -1 : 1;
    for (let d = 0; d < dim; d++) components[c * dim + d] = sign * column[d];
  }
  const x = new Float64Array(rows);
  const y = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    for (let d = 0; d < dim; d++) {
      x[r] += X.get(r, d) * components[d];
      y[r] += X.get(r, d) * components[dim + d];
    }
  }
  const ratio = (c: number): number => (total > 0 ? Math.max(values[order[c]], 0) / total : 0);
  return { x, y, iterations: 0, explainedVarianceRatio: [ratio(0), ratio(1)], components };
}
