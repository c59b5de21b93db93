/**
 * From token embeddings to one unit vector per text, as sentence-transformers' Pooling
 * (mean of the token vectors under the attention mask) followed by its Normalize module.
 */

/**
 * Mean pooling over the tokens the attention mask keeps, then L2 normalisation.
 *
 *   pooled[b] = Σ_t mask[b,t] · hidden[b,t,:] / max(Σ_t mask[b,t], 1e-9)
 *   out[b]    = pooled[b] / ‖pooled[b]‖
 *
 * @param hidden token embeddings, row-major batch × tokens × dim
 * @param mask attention mask, batch × tokens (1 for a real token, 0 for padding)
 * @param batch number of texts
 * @param tokens padded sequence length
 * @param dim embedding size
 * @returns batch × dim unit vectors (a zero vector stays zero)
 */
export function meanPoolNormalize(
  hidden: ArrayLike<number>,
  mask: ArrayLike<number | bigint>,
  batch: number,
  tokens: number,
  dim: number,
): Float32Array {
  const out = new Float32Array(batch * dim);
  const sum = new Float64Array(dim);
  for (let b = 0; b < batch; b++) {
    sum.fill(0);
    let count = 0;
    for (let t = 0; t < tokens; t++) {
      if (Number(mask[b * tokens + t]) === 0) continue;
      count++;
      const base = (b * tokens + t) * dim;
      for (let d = 0; d < dim; d++) sum[d] += hidden[base + d];
    }
    let norm = 0;
    for (let d = 0; d < dim; d++) {
      sum[d] /= Math.max(count, 1e-9);
      norm += sum[d] * sum[d];
    }
    norm = Math.sqrt(norm);
    for (let d = 0; d < dim; d++) out[b * dim + d] = norm > 0 ? sum[d] / norm : 0;
  }
  return out;
}

/**
 * The weighted mean of some rows, normalised to unit length: how a long text's passage vectors
 * become the text's vector (weights: the passages' token counts).
 *
 * @param rows row-major vectors
 * @param dim row length
 * @param indices which rows to average
 * @param weights one weight per index
 * @returns a unit vector of length dim
 */
export function weightedMeanUnit(rows: Float32Array, dim: number, indices: readonly number[], weights: readonly number[]): Float32Array {
  const sum = new Float64Array(dim);
  indices.forEach((row, i) => {
    for (let d = 0; d < dim; d++) sum[d] += weights[i] * rows[row * dim + d];
  });
  let norm = 0;
  for (let d = 0; d < dim; d++) norm += sum[d] * sum[d];
  norm = Math.sqrt(norm);
  return Float32Array.from(sum, (x) => (norm > 0 ? x / norm : 0));
}
