/**
 * How faithful a 2-D map is to the vectors it was drawn from: does each point keep its nearest
 * neighbours, and do its map neighbours share its group (a genre, a planted cluster)?
 */
import { OptionsError } from "../errors";
import { checkOptions } from "../options";
import { checkMatrix, type Layout2D } from "./layout";
import { nearestNeighbours } from "./neighbours";

/** Options of {@link mapFaithfulness}. */
export interface FaithfulnessOptions {
  /** Neighbours compared per point (default 10). */
  k?: number;
  /** The group of each point (e.g. its primary genre), for `groupAgreement`. */
  groups?: readonly string[];
  /**
   * How neighbours are found among the vectors (default "euclidean", the distance t-SNE and
   * UMAP use; for unit vectors both give the same neighbours).
   */
  metric?: "cosine" | "euclidean";
}

/** What {@link mapFaithfulness} measures. */
export interface MapFaithfulness {
  readonly k: number;
  /**
   * Mean over points of |k nearest in the vectors ∩ k nearest on the map| / k: 1 when the map
   * keeps every neighbourhood, about k / N for a map unrelated to the vectors.
   */
  readonly neighbourPreservation: number;
  /** Share of each point's k map neighbours in its own group, averaged over points (with `groups`). */
  readonly groupAgreement?: number;
  /** The same share for neighbours drawn at random: the chance two distinct points share a group (with `groups`). */
  readonly chance?: number;
}

/**
 * Measures how well a 2-D map keeps the neighbourhoods of the vectors it shows, and (with
 * `groups`) how often map neighbours share a group, against chance.
 *
 * The vectors' neighbours come from the library's top-k search; the map's from a grid over the
 * plane (each point looks at the cells around it, ring by ring, until no closer point can
 * remain), so memory stays linear in N.
 *
 * @param vectors row-major, `rows × dim`: what the map was drawn from
 * @param dim the length of each vector
 * @param layout the map, one point per row
 * @param options k (10), groups, metric ("euclidean")
 * @returns k, neighbourPreservation, and with groups groupAgreement and chance
 * @throws OptionsError on shapes that do not fit, k ≥ N, or unknown options
 * @example
 * const f = mapFaithfulness(vectors, 50, tsne(vectors, 50), { groups: genres });
 * f.neighbourPreservation; // 0.4: 4 of each point's 10 nearest neighbours stay among its 10 nearest on the map
 * f.groupAgreement, f.chance; // 0.35 vs 0.08
 */
export function mapFaithfulness(
  vectors: Float32Array | Float64Array,
  dim: number,
  layout: Layout2D,
  options: FaithfulnessOptions & { groups: readonly string[] },
): MapFaithfulness & { readonly groupAgreement: number; readonly chance: number };
export function mapFaithfulness(vectors: Float32Array | Float64Array, dim: number, layout: Layout2D, options?: FaithfulnessOptions): MapFaithfulness;
export function mapFaithfulness(vectors: Float32Array | Float64Array, dim: number, layout: Layout2D, options: FaithfulnessOptions = {}): MapFaithfulness {
  const { k = 10, groups, metric = "euclidean" } = checkOptions("mapFaithfulness", options, {
    k: "positiveInt",
    groups: "array",
    metric: ["cosine", "euclidean"],
  });
  const n = checkMatrix(vectors, dim, "mapFaithfulness");
  if (layout.x.length !== n || layout.y.length !== n) {
    throw new OptionsError(`mapFaithfulness: the layout has ${layout.x.length} points but the vectors have ${n} rows`);
  }
  if (k >= n) throw new OptionsError(`mapFaithfulness: k must be below the number of points (${n}), got ${k}`);
  if (groups && groups.length !== n) throw new OptionsError(`mapFaithfulness: ${n} points but ${groups.length} groups`);
  const inVectors = nearestNeighbours(vectors, n, dim, k, metric).indices;
  const onMap = mapNeighbours(layout.x, layout.y, k);
  let kept = 0;
  let sameGroup = 0;
  for (let i = 0; i < n; i++) {
    const theirs = new Set(inVectors.subarray(i * k, (i + 1) * k));
    for (let m = i * k; m < (i + 1) * k; m++) {
      if (theirs.has(onMap[m])) kept++;
      if (groups && groups[onMap[m]] === groups[i]) sameGroup++;
    }
  }
  const result = { k, neighbourPreservation: kept / (n * k) };
  if (!groups) return result;
  const counts = new Map<string, number>();
  for (const g of groups) counts.set(g, (counts.get(g) ?? 0) + 1);
  let chance = 0;
  for (const c of counts.values()) chance += (c * (c - 1)) / (n * (n - 1));
  return { ...result, groupAgreement: sameGroup / (n * k), chance };
}

/**
 * The k nearest other points of every point on the plane, nearest first (ties: lower index
 * first), row i at `[i * k, (i + 1) * k)`. Points are bucketed in a grid of about two points per
 * cell; each point scans rings of cells around its own until the k-th nearest found is closer
 * than anything in the next ring can be.
 *
 * @param x the points' x
 * @param y the points' y
 * @param k neighbours per point (< N)
 * @returns the neighbours' indices
 */
export function mapNeighbours(x: Float64Array, y: Float64Array, k: number): Int32Array {
  const n = x.length;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    minX = Math.min(minX, x[i]);
    maxX = Math.max(maxX, x[i]);
    minY = Math.min(minY, y[i]);
    maxY = Math.max(maxY, y[i]);
  }
  const side = Math.max(1, Math.ceil(Math.sqrt(n / 2)));
  const cellW = maxX > minX ? (maxX - minX) / side : 1;
  const cellH = maxY > minY ? (maxY - minY) / side : 1;
  const column = (i: number): number => Math.min(side - 1, Math.floor((x[i] - minX) / cellW));
  const row = (i: number): number => Math.min(side - 1, Math.floor((y[i] - minY) / cellH));
  // Points bucketed by cell: cell c holds cellPoints[cellStart[c] .. cellStart[c + 1]).
  const cellStart = new Int32Array(side * side + 1);
  for (let i = 0; i < n; i++) cellStart[row(i) * side + column(i) + 1]++;
  for (let c = 0; c < side * side; c++) cellStart[c + 1] += cellStart[c];
  const next = cellStart.slice(0, side * side);
  const cellPoints = new Int32Array(n);
  for (let i = 0; i < n; i++) cellPoints[next[row(i) * side + column(i)]++] = i;

  const result = new Int32Array(n * k);
  const bestD = new Float64Array(k);
  const bestI = new Int32Array(k);
  const ringGap = Math.min(cellW, cellH);
  for (let i = 0; i < n; i++) {
    let found = 0;
    const consider = (j: number): void => {
      const d = (x[i] - x[j]) ** 2 + (y[i] - y[j]) ** 2;
      if (found === k && (d > bestD[k - 1] || (d === bestD[k - 1] && j > bestI[k - 1]))) return;
      // Insertion into the sorted best list, by (distance, index).
      let at = found < k ? found++ : k - 1;
      while (at > 0 && (bestD[at - 1] > d || (bestD[at - 1] === d && bestI[at - 1] > j))) {
        bestD[at] = bestD[at - 1];
        bestI[at] = bestI[at - 1];
        at--;
      }
      bestD[at] = d;
      bestI[at] = j;
    };
    const ci = column(i);
    const ri = row(i);
    for (let ring = 0; ring < side; ring++) {
      for (let r = ri - ring; r <= ri + ring; r++) {
        if (r < 0 || r >= side) continue;
        const edgeRow = r === ri - ring || r === ri + ring;
        for (let c = ci - ring; c <= ci + ring; c += edgeRow || ring === 0 ? 1 : 2 * ring) {
          if (c < 0 || c >= side) continue;
          for (let e = cellStart[r * side + c]; e < cellStart[r * side + c + 1]; e++) if (cellPoints[e] !== i) consider(cellPoints[e]);
        }
      }
      // Any point beyond this ring is at least ring · ringGap away.
      if (found === k && bestD[k - 1] < (ring * ringGap) ** 2) break;
    }
    result.set(bestI, i * k);
  }
  return result;
}
