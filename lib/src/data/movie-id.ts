/**
 * The one rule for a movie named by its id in a query: a whole number ≥ 1, or the same number as
 * text (`1` and `"1"` name the same movie, as watchlist tokens are movieId strings).
 */
import { OptionsError } from "../errors";

/**
 * The movieId a query value names.
 *
 * @param caller the function's name, first in the message
 * @param value a number or a string of digits
 * @returns the movieId
 * @throws OptionsError for NaN, a fraction, a number below 1, or text that is not digits
 * @example
 * movieIdOf("similarMovies", "318"); // 318
 */
export function movieIdOf(caller: string, value: unknown): number {
  const id = typeof value === "string" && /^\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof id === "number" && Number.isInteger(id) && id >= 1) return id;
  const shown = typeof value === "string" ? JSON.stringify(value) : typeof value === "number" ? String(value) : value === null ? "null" : `a ${typeof value}`;
  throw new OptionsError(`${caller}: a movieId must be a whole number ≥ 1 (or its digits as text), got ${shown}`);
}
