/**
 * The t-SNE gradient, with the repulsion between all pairs of points approximated by Barnes-Hut
 * over a quadtree (van der Maaten 2014).
 *
 * With q_ij = 1 / (1 + ‖y_i − y_j‖²) (Student t with one degree of freedom) and
 * Z = Σ_{k≠l} q_kl, the cost is KL(P ‖ Q) = Σ p_ij log(p_ij / (q_ij / Z)) and its gradient is
 *
 *   ∂C/∂y_i = 4 [ Σ_j p_ij q_ij (y_i − y_j)  −  Σ_j q_ij² (y_i − y_j) / Z ]
 *               attraction (sparse P: O(N·k))   repulsion (every pair: O(N²))
 *
 * Barnes-Hut: a far-away cell of the quadtree whose side is small against its distance
 * (side / distance < θ) acts on y_i as all its points placed at their centre of mass, so the
 * repulsion costs O(N log N). Near leaves (cells of up to 16 points) are summed point by point;
 * θ = 0 opens every cell down to its leaves: the exact gradient.
 */
import type { SparseMatrix } from "./affinities";

/** Cells deeper than this are leaves even with many points (only equal or nearly equal points get there). */
const MAX_DEPTH = 48;
/** A cell of at most this many points is a leaf: near a point its few points cost less one by one than as more cells. */
const LEAF_SIZE = 16;

/**
 * A quadtree over 2-D points, rebuilt for each gradient. Each cell keeps, side by side in one
 * Float64Array (4 numbers per cell, so a visit reads one cache line), its points' centre of
 * mass x and y, its side squared and its number of points. Cells are stored depth first (a
 * cell, then its first child's subtree, then its second child's, …) and `skip[c]` is the cell
 * after c's subtree, so a traversal is one forward pass: open a cell by going to c + 1, or pass
 * over it by going to skip[c]. A leaf is a cell with skip[c] = c + 1; it holds up to
 * {@link LEAF_SIZE} points, at `leafStart[c]` onwards in `order` (their coordinates in `px`, `py`).
 */
export class QuadTree {
  /** Point indices grouped by cell (depth first), so nearby points are next to each other. */
  order = new Int32Array(0);
  /** The leaf cell of each point. */
  leafOf = new Int32Array(0);
  /** Per cell: centre-of-mass x, centre-of-mass y, side², count. */
  cells = new Float64Array(0);
  /** Per cell: the next cell outside its subtree. */
  skip = new Int32Array(0);
  /** Per leaf: where its points start in `order`. */
  leafStart = new Int32Array(0);
  nodes = 0;
  /** The points' coordinates in `order`, so the build and the leaves read them in sequence. */
  px = new Float64Array(0);
  py = new Float64Array(0);
  private scratch = new Int32Array(0);
  private scratchX = new Float64Array(0);
  private scratchY = new Float64Array(0);

  /**
   * Builds the tree over `n` points stored as x0, y0, x1, y1, … (reusing the buffers).
   * @param positions the points, interleaved
   * @param n number of points
   */
  build(positions: Float64Array, n: number): void {
    if (this.order.length !== n) {
      this.order = new Int32Array(n);
      this.leafOf = new Int32Array(n);
      this.px = new Float64Array(n);
      this.py = new Float64Array(n);
      this.scratch = new Int32Array(n);
      this.scratchX = new Float64Array(n);
      this.scratchY = new Float64Array(n);
    }
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (let i = 0; i < n; i++) {
      this.order[i] = i;
      this.px[i] = positions[2 * i];
      this.py[i] = positions[2 * i + 1];
      minX = Math.min(minX, this.px[i]);
      maxX = Math.max(maxX, this.px[i]);
      minY = Math.min(minY, this.py[i]);
      maxY = Math.max(maxY, this.py[i]);
    }
    this.nodes = 0;
    this.fill(0, n, minX, minY, Math.max(maxX - minX, maxY - minY), 0);
  }

  /** Adds the cell of the points [from, to) of `order` in the square at (x0, y0) with side `side`, then its subtree. */
  private fill(from: number, to: number, x0: number, y0: number, side: number, depth: number): void {
    if (this.nodes === this.skip.length) {
      const capacity = Math.max(64, 2 * this.nodes);
      const cells = new Float64Array(4 * capacity);
      cells.set(this.cells);
      const skip = new Int32Array(capacity);
      skip.set(this.skip);
      const leafStart = new Int32Array(capacity);
      leafStart.set(this.leafStart);
      this.cells = cells;
      this.skip = skip;
      this.leafStart = leafStart;
    }
    const node = this.nodes++;
    const { order, px, py } = this;
    const count = to - from;
    this.cells[4 * node + 2] = side * side;
    this.cells[4 * node + 3] = count;
    if (count <= LEAF_SIZE || depth === MAX_DEPTH || side === 0) {
      let sumX = 0;
      let sumY = 0;
      for (let e = from; e < to; e++) {
        sumX += px[e];
        sumY += py[e];
        this.leafOf[order[e]] = node;
      }
      this.cells[4 * node] = sumX / count;
      this.cells[4 * node + 1] = sumY / count;
      this.skip[node] = node + 1;
      this.leafStart[node] = from;
      return;
    }
    // Group the points by quarter q = (right ? 1 : 0) + (top ? 2 : 0): count, then place.
    const half = side / 2;
    const midX = x0 + half;
    const midY = y0 + half;
    let n0 = 0;
    let n1 = 0;
    let n2 = 0;
    for (let e = from; e < to; e++) {
      const q = (px[e] >= midX ? 1 : 0) + (py[e] >= midY ? 2 : 0);
      if (q === 0) n0++;
      else if (q === 1) n1++;
      else if (q === 2) n2++;
    }
    const starts = [from, from + n0, from + n0 + n1, from + n0 + n1 + n2, to];
    const next = [starts[0], starts[1], starts[2], starts[3]];
    for (let e = from; e < to; e++) {
      const at = next[(px[e] >= midX ? 1 : 0) + (py[e] >= midY ? 2 : 0)]++;
      this.scratch[at] = order[e];
      this.scratchX[at] = px[e];
      this.scratchY[at] = py[e];
    }
    order.set(this.scratch.subarray(from, to), from);
    px.set(this.scratchX.subarray(from, to), from);
    py.set(this.scratchY.subarray(from, to), from);
    // The children, then this cell's centre of mass from theirs.
    let sumX = 0;
    let sumY = 0;
    for (let q = 0; q < 4; q++) {
      if (starts[q + 1] === starts[q]) continue;
      const child = this.nodes;
      this.fill(starts[q], starts[q + 1], q & 1 ? midX : x0, q & 2 ? midY : y0, half, depth + 1);
      sumX += this.cells[4 * child] * this.cells[4 * child + 3];
      sumY += this.cells[4 * child + 1] * this.cells[4 * child + 3];
    }
    this.cells[4 * node] = sumX / count;
    this.cells[4 * node + 1] = sumY / count;
    this.skip[node] = this.nodes;
  }
}

/**
 * The repulsion on every point: `repulsion[2i..2i+1]` = Σ_j q_ij² (y_i − y_j), approximated with
 * Barnes-Hut at `theta`. Points are visited in the tree's order, so consecutive points walk
 * nearly the same cells.
 *
 * @param tree the quadtree, built over `positions`
 * @param positions the points, interleaved
 * @param n number of points
 * @param theta the opening angle (0: exact)
 * @param repulsion output, 2n
 * @returns Z = Σ_{i≠j} q_ij, approximated the same way
 */
export function repulsiveForces(tree: QuadTree, positions: Float64Array, n: number, theta: number, repulsion: Float64Array): number {
  const { cells, skip, leafStart, order, px, py, leafOf, nodes } = tree;
  const theta2 = theta * theta;
  let z = 0;
  for (let e = 0; e < n; e++) {
    const i = order[e];
    const xi = px[e];
    const yi = py[e];
    const ownLeaf = leafOf[i];
    let fx = 0;
    let fy = 0;
    let node = 0;
    while (node < nodes) {
      const dx = xi - cells[4 * node];
      const dy = yi - cells[4 * node + 1];
      const d2 = dx * dx + dy * dy;
      const after = skip[node];
      const far = cells[4 * node + 2] < theta2 * d2;
      if (far && node !== ownLeaf) {
        // Far enough: the whole cell acts as all its points at their centre of mass.
        const m = cells[4 * node + 3];
        const q = 1 / (1 + d2);
        z += m * q;
        fx += m * q * q * dx;
        fy += m * q * q * dy;
        node = after;
      } else if (after === node + 1) {
        // A near leaf: its points one by one (point i itself does not count).
        const end = leafStart[node] + cells[4 * node + 3];
        for (let f = leafStart[node]; f < end; f++) {
          if (f === e) continue;
          const ex = xi - px[f];
          const ey = yi - py[f];
          const q = 1 / (1 + ex * ex + ey * ey);
          z += q;
          fx += q * q * ex;
          fy += q * q * ey;
        }
        node = after;
      } else {
        node++; // too close for its size: open the cell
      }
    }
    repulsion[2 * i] = fx;
    repulsion[2 * i + 1] = fy;
  }
  return z;
}

/**
 * The gradient of KL(P ‖ Q) with respect to the map, `gradient[2i..2i+1]` = ∂C/∂y_i, with P
 * multiplied by `exaggeration` (early exaggeration); optionally the KL divergence itself (of
 * the true P) from the same Z.
 *
 * @param P the joint input similarities (sum 1)
 * @param positions the map, interleaved x0, y0, x1, y1, …
 * @param theta Barnes-Hut opening angle (0: exact)
 * @param exaggeration the factor on P in the attraction (1 after early exaggeration)
 * @param gradient output, 2N
 * @param tree a quadtree to rebuild (reused across calls)
 * @param repulsion scratch, 2N
 * @param withKl also compute KL(P ‖ Q) (one log per entry of P)
 * @returns the KL divergence, or NaN when `withKl` is false
 */
export function klGradient(
  P: SparseMatrix,
  positions: Float64Array,
  theta: number,
  exaggeration: number,
  gradient: Float64Array,
  tree: QuadTree,
  repulsion: Float64Array,
  withKl: boolean,
): number {
  const n = P.rows;
  tree.build(positions, n);
  const z = repulsiveForces(tree, positions, n, theta, repulsion);
  const { indptr, indices, values } = P;
  // Attraction, each pair once (P is symmetric): row i's entries with j > i, which follow its
  // entries with j < i (columns ascend), found by bisection.
  gradient.fill(0);
  for (let i = 0; i < n; i++) {
    const xi = positions[2 * i];
    const yi = positions[2 * i + 1];
    const end = indptr[i + 1];
    let low = indptr[i];
    let high = end;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (indices[middle] <= i) low = middle + 1;
      else high = middle;
    }
    let ax = 0;
    let ay = 0;
    for (let e = low; e < end; e++) {
      const j = indices[e];
      const dx = xi - positions[2 * j];
      const dy = yi - positions[2 * j + 1];
      const pq = values[e] / (1 + dx * dx + dy * dy);
      ax += pq * dx;
      ay += pq * dy;
      gradient[2 * j] -= pq * dx;
      gradient[2 * j + 1] -= pq * dy;
    }
    gradient[2 * i] += ax;
    gradient[2 * i + 1] += ay;
  }
  for (let c = 0; c < 2 * n; c++) gradient[c] = 4 * (exaggeration * gradient[c] - repulsion[c] / z);
  if (!withKl) return NaN;
  let kl = 0;
  for (let i = 0; i < n; i++) {
    for (let e = indptr[i]; e < indptr[i + 1]; e++) {
      const j = indices[e];
      const q = 1 / (1 + (positions[2 * i] - positions[2 * j]) ** 2 + (positions[2 * i + 1] - positions[2 * j + 1]) ** 2);
      kl += values[e] * Math.log(values[e] / q);
    }
  }
  // Σ p log(p / (q / Z)) = Σ p log(p / q) + log Z, since Σ p = 1.
  return kl + Math.log(z);
}
