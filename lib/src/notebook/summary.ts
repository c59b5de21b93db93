/**
 * One-line summaries for result objects. tslab prints a cell's last expression with
 * `util.inspect`, so a result that defines `[util.inspect.custom]` prints as its summary
 * instead of a wall of numbers.
 *
 * In a class, define the method directly:
 * ```ts
 * import { inspect } from "node:util";
 * class Embeddings {
 *   [inspect.custom](): string { return `Embeddings: ${this.size} keys × ${this.dimensions} dimensions`; }
 * }
 * ```
 * For a plain object, use {@link withSummary}.
 */
import { inspect } from "node:util";

/**
 * Makes `target` print as `summary(target)` in a notebook (and in `console.log`), without
 * changing its enumerable properties or its JSON.
 *
 * @param target the result object
 * @param summary the one-line description, computed when printed
 * @returns `target` itself
 * @example
 * return withSummary({ hitRate, users }, (r) => `Evaluation: hit rate ${r.hitRate.toFixed(3)} over ${r.users} users`);
 */
export function withSummary<T extends object>(target: T, summary: (value: T) => string): T {
  Object.defineProperty(target, inspect.custom, {
    value: () => summary(target),
    enumerable: false,
    configurable: true,
    writable: true,
  });
  return target;
}
