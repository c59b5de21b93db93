/**
 * The one options check of the library: every exported function or class that takes an options
 * object passes it through {@link checkOptions}, so a typo (`{ epoch: 50 }`) is refused with the
 * closest valid name instead of being silently ignored, and a value of the wrong type, out of
 * range or not finite is refused with the function's and the option's name.
 */
import { closestKeys } from "./closest";
import { OptionsError } from "./errors";

/** A number's range. `integer` requires a whole number; every number must be finite. */
export interface NumberRule {
  readonly min?: number;
  readonly max?: number;
  /** Exclude `min` itself (`{ min: 0, exclusiveMin: true }` means "greater than 0"). */
  readonly exclusiveMin?: boolean;
  /** Exclude `max` itself. */
  readonly exclusiveMax?: boolean;
  readonly integer?: boolean;
  /** Also accept `null` (for "no limit" options such as `maxVocabSize: null`). */
  readonly nullable?: boolean;
}

/** A check of its own for an option no named rule describes (an iterable, a key or a vector). */
export interface OptionTest {
  /** What the option must hold, for the message ("an iterable of row numbers"). */
  readonly expected: string;
  /** Whether a value fits. */
  readonly test: (value: unknown) => boolean;
}

/**
 * What one option must hold:
 * - `"positive"` (> 0), `"nonNegative"` (≥ 0), `"number"` (any finite), `"unit"` (in [0, 1]);
 * - `"positiveInt"` (1, 2, …), `"nonNegativeInt"` (0, 1, …), `"int"` (any whole number);
 * - `"boolean"`, `"string"`, `"function"`, `"object"` (a plain object, checked by its owner),
 *   `"array"`;
 * - an array of strings: one of those values;
 * - a {@link NumberRule}: a finite number in a range;
 * - an {@link OptionTest}: a test of its own.
 */
export type OptionCheck =
  | "positive"
  | "nonNegative"
  | "number"
  | "unit"
  | "positiveInt"
  | "nonNegativeInt"
  | "int"
  | "boolean"
  | "string"
  | "function"
  | "object"
  | "array"
  | readonly string[]
  | NumberRule
  | OptionTest;

/** The checks of every option a function takes, by name. */
export type OptionChecks<T> = { readonly [K in keyof Required<T>]: OptionCheck };

const NAMED_RULES: Record<string, NumberRule> = {
  positive: { min: 0, exclusiveMin: true },
  nonNegative: { min: 0 },
  number: {},
  unit: { min: 0, max: 1 },
  positiveInt: { min: 1, integer: true },
  nonNegativeInt: { min: 0, integer: true },
  int: { integer: true },
};

function show(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "function") return "a function";
  if (Array.isArray(value)) return "an array";
  if (value !== null && typeof value === "object") return "an object";
  return String(value);
}

function describeRule(rule: NumberRule): string {
  if (rule.integer && rule.min !== undefined && rule.max === rule.min + 1 && !rule.exclusiveMin && !rule.exclusiveMax) return `${rule.min} or ${rule.max}`;
  const kind = rule.integer ? "a whole number" : "a finite number";
  const parts: string[] = [];
  if (rule.min !== undefined) parts.push(`${rule.exclusiveMin ? ">" : "≥"} ${rule.min}`);
  if (rule.max !== undefined) parts.push(`${rule.exclusiveMax ? "<" : "≤"} ${rule.max}`);
  return parts.length ? `${kind} ${parts.join(" and ")}` : kind;
}

function checkNumber(caller: string, name: string, value: unknown, rule: NumberRule): void {
  if (value === null && rule.nullable) return;
  const fits =
    typeof value === "number" &&
    Number.isFinite(value) &&
    (!rule.integer || Number.isInteger(value)) &&
    (rule.min === undefined || (rule.exclusiveMin ? value > rule.min : value >= rule.min)) &&
    (rule.max === undefined || (rule.exclusiveMax ? value < rule.max : value <= rule.max));
  if (!fits) {
    const nullable = rule.nullable ? " (or null)" : "";
    throw new OptionsError(`${caller}: ${name} must be ${describeRule(rule)}${nullable}, got ${show(value)}`);
  }
}

/**
 * Checks one option's value against its rule.
 *
 * @param caller the function's name, first in the message ("RatingModel.train")
 * @param name the option's name
 * @param value its value (never undefined here)
 * @param check the rule
 * @throws OptionsError naming the caller, the option, what was expected and what was given
 */
export function checkOptionValue(caller: string, name: string, value: unknown, check: OptionCheck): void {
  if (typeof check === "string") {
    if (check in NAMED_RULES) return checkNumber(caller, name, value, NAMED_RULES[check]);
    const fits =
      check === "array"
        ? Array.isArray(value)
        : check === "object"
          ? value !== null && typeof value === "object" && !Array.isArray(value)
          : typeof value === check;
    const article = check === "array" || check === "object" ? "an" : "a";
    if (!fits) throw new OptionsError(`${caller}: ${name} must be ${check === "boolean" ? "true or false" : `${article} ${check}`}, got ${show(value)}`);
    return;
  }
  if (Array.isArray(check)) {
    if (!check.includes(value as string)) {
      throw new OptionsError(`${caller}: ${name} must be one of ${check.map((c) => JSON.stringify(c)).join(", ")}, got ${show(value)}`);
    }
    return;
  }
  if ("test" in check) {
    if (!check.test(value)) throw new OptionsError(`${caller}: ${name} must be ${check.expected}, got ${show(value)}`);
    return;
  }
  checkNumber(caller, name, value, check as NumberRule);
}

/**
 * Names that other libraries, the tutorials or the library's own older versions give to what
 * docs/GLOSSARY.md names otherwise, each with the glossary's names for it: an unknown option
 * with one of these names is answered with the first of them the function takes (`lr` →
 * `learningRate` for Adam models, `alpha` for Word2Vec; `k` → `topn` for queries).
 */
export const GLOSSARY_ALIASES: Readonly<Record<string, readonly string[]>> = {
  alpha: ["learningRate"],
  learningRate: ["alpha"],
  learning_rate: ["learningRate", "alpha"],
  lr: ["learningRate", "alpha"],
  dimension: ["vectorSize"],
  dimensions: ["vectorSize"],
  dim: ["vectorSize"],
  dims: ["vectorSize"],
  embeddingDim: ["vectorSize"],
  embedding_dim: ["vectorSize"],
  size: ["vectorSize"],
  vector_size: ["vectorSize"],
  k: ["topn"],
  topn: ["k"],
  n: ["topn", "k"],
  topN: ["topn", "k"],
  top_n: ["topn", "k"],
  topK: ["topn", "k"],
  iter: ["epochs"],
  nEpochs: ["epochs"],
  n_epochs: ["epochs"],
  randomState: ["seed"],
  random_state: ["seed"],
};

/**
 * Checks an options object: every name must be one of `checks` (an unknown name is refused with
 * the one `aliases` maps it to, such as gensim's `vector_size`, else the glossary's name for it
 * ({@link GLOSSARY_ALIASES}) when the function takes that, else the closest valid one), and
 * every value given must pass its check. Undefined values count as not given, so callers fill
 * defaults by destructuring afterwards.
 *
 * @param caller the function's name, first in every message
 * @param options what the user passed (undefined is an empty object)
 * @param checks the rule of each option the function takes
 * @param aliases names users may type from other libraries, mapped to ours (suggested, not accepted)
 * @returns the same options, typed
 * @throws OptionsError on a non-object, an unknown name, or a value that fails its rule
 * @example
 * const { epochs = 15, l2 = 0 } = checkOptions("RatingModel.train", options, { epochs: "positiveInt", l2: "nonNegative" });
 * // checkOptions("RatingModel.train", { epoch: 50 }, …) throws
 * //   RatingModel.train: unknown option "epoch"; did you mean "epochs"?
 */
export function checkOptions<T extends object>(
  caller: string,
  options: T | undefined,
  checks: OptionChecks<T>,
  aliases: Readonly<Record<string, string>> = {},
): T {
  if (options === undefined) return {} as T;
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new OptionsError(`${caller}: options must be an object, got ${show(options)}`);
  }
  const known = Object.keys(checks);
  for (const [name, value] of Object.entries(options)) {
    if (!Object.prototype.hasOwnProperty.call(checks, name)) {
      const glossary = Object.prototype.hasOwnProperty.call(GLOSSARY_ALIASES, name) ? GLOSSARY_ALIASES[name].find((alias) => known.includes(alias)) : undefined;
      const suggestion = Object.prototype.hasOwnProperty.call(aliases, name) ? aliases[name] : (glossary ?? closestKeys(name, known, 1, 0.3)[0]);
      const hint = suggestion ? `; did you mean ${JSON.stringify(suggestion)}?` : `; valid options: ${known.join(", ")}`;
      throw new OptionsError(`${caller}: unknown option ${JSON.stringify(name)}${hint}`);
    }
    if (value === undefined) continue;
    checkOptionValue(caller, name, value, (checks as Record<string, OptionCheck>)[name]);
  }
  return options;
}
