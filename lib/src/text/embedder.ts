/**
 * The sentence encoder: a transformers.js model (ONNX on onnxruntime-node, CPU) loaded only from
 * files on disk, mean pooling and normalisation as sentence-transformers does, and chunking for
 * texts longer than the model's window.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { inspect } from "node:util";
import { DATA_DIR } from "../data/movielens";
import { checkRegularFile, readRegularFile } from "../data/files";
import { DataFormatError, OptionsError } from "../errors";
import { checkOptions, type OptionChecks } from "../options";
import { splitPassages } from "./passages";
import { meanPoolNormalize, weightedMeanUnit } from "./pooling";

/** The folder of shipped models: data/models. */
export const MODELS_DIR = path.join(DATA_DIR, "models");

/** The model the library ships: sentence-transformers/all-MiniLM-L6-v2, int8 ONNX (384 dimensions). */
export const DEFAULT_TEXT_MODEL = "all-MiniLM-L6-v2";

/** The command that rebuilds the shipped model folder. */
export const EXPORT_TEXT_MODEL_COMMAND = "npm run export-text-model";

/** Which ONNX file of the model folder is loaded: q8 → onnx/model_quantized.onnx, fp32 → onnx/model.onnx. */
export type TextModelDtype = "q8" | "fp32";

const ONNX_FILE: Record<TextModelDtype, string> = { q8: "model_quantized.onnx", fp32: "model.onnx" };

/** Options of {@link TextEmbedder.load}. */
export interface TextEmbedderOptions {
  /**
   * The model: a folder name under data/models (default "all-MiniLM-L6-v2"), a folder path, or
   * with `allowRemoteModels` a Hugging Face model id such as "Xenova/all-mpnet-base-v2".
   */
  readonly model?: string;
  /** Which ONNX file to load (default "q8"). */
  readonly dtype?: TextModelDtype;
  /**
   * Download a model that is not on disk (default false: nothing is fetched). Downloads are
   * cached in data/models/.cache, never outside the repository.
   */
  readonly allowRemoteModels?: boolean;
  /** Tokens per input, special tokens included (default: the tokenizer's model_max_length, 256 for all-MiniLM-L6-v2). */
  readonly maxLength?: number;
  /** onnxruntime threads (default: its own choice, all cores). */
  readonly threads?: number;
}

const LOAD_CHECKS: OptionChecks<TextEmbedderOptions> = {
  model: "string",
  dtype: ["q8", "fp32"],
  allowRemoteModels: "boolean",
  maxLength: { min: 3, integer: true },
  threads: "positiveInt",
};

/** Progress of {@link TextEmbedder.embed}, in passages (= texts when truncating). */
export interface EmbedProgress {
  readonly done: number;
  readonly total: number;
}

/** What to do with a text longer than the model's window. */
export type LongTextMode = "truncate" | "chunk";

/** Options of {@link TextEmbedder.embed}. */
export interface EmbedOptions {
  /** Passages per model call (default 32). */
  readonly batchSize?: number;
  /**
   * "truncate" (default, as sentence-transformers): only the first maxLength tokens count.
   * "chunk": the text is split at sentence boundaries into passages that fit, each passage is
   * encoded, and the text's vector is their mean weighted by token count, normalised.
   */
  readonly longTexts?: LongTextMode;
  /** Called after each batch. */
  readonly onProgress?: (progress: EmbedProgress) => void;
}

const EMBED_CHECKS: OptionChecks<EmbedOptions> = { batchSize: "positiveInt", longTexts: ["truncate", "chunk"], onProgress: "function" };

/** The parts of a transformers.js tokenizer this module uses. */
interface Tokenizer {
  (texts: string[], options: { padding: boolean; truncation: boolean; max_length: number }): Record<string, TensorLike>;
  encode(text: string, options: { add_special_tokens: boolean }): number[];
  model_max_length?: number;
}
interface TensorLike {
  data: ArrayLike<number | bigint>;
  dims: number[];
  dispose?: () => void;
}
type Model = ((inputs: Record<string, TensorLike>) => Promise<Record<string, TensorLike>>) & {
  dispose?: () => Promise<unknown>;
  config?: { max_position_embeddings?: number };
};
interface Transformers {
  env: {
    allowRemoteModels: boolean;
    allowLocalModels: boolean;
    localModelPath: string;
    cacheDir: string | null;
    useFSCache: boolean;
  };
  AutoTokenizer: { from_pretrained(id: string, options: object): Promise<Tokenizer> };
  AutoModel: { from_pretrained(id: string, options: object): Promise<Model> };
}

let transformers: Transformers | null = null;
/** transformers.js takes about 0.6 s to import, so it is loaded with the first model. */
function loadTransformers(): Transformers {
  transformers ??= require("@huggingface/transformers") as Transformers;
  return transformers;
}

function isPath(model: string): boolean {
  return path.isAbsolute(model) || model.startsWith(".") || (model.includes(path.sep) && fs.existsSync(model));
}

function rebuildHint(folder: string): string {
  return path.basename(folder) === DEFAULT_TEXT_MODEL
    ? `rebuild it with \`${EXPORT_TEXT_MODEL_COMMAND}\``
    : "a transformers.js model folder (config.json, tokenizer.json, tokenizer_config.json, onnx/…), or pass allowRemoteModels: true with a Hugging Face model id";
}

/** Checks a local model folder before transformers.js sees it, so errors name the file at fault. */
function checkModelFolder(folder: string, dtype: TextModelDtype): void {
  const hint = rebuildHint(folder);
  if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) {
    throw new DataFormatError(folder, null, "model folder not found", hint);
  }
  for (const name of ["config.json", "tokenizer.json", "tokenizer_config.json", path.join("onnx", ONNX_FILE[dtype])]) {
    const file = path.join(folder, name);
    checkRegularFile(file, hint);
    if (name.endsWith(".json")) {
      try {
        JSON.parse(readRegularFile(file, hint).toString("utf8"));
      } catch (error) {
        if (error instanceof DataFormatError) throw error;
        throw new DataFormatError(file, null, `not valid JSON (${(error as Error).message})`, hint);
      }
    }
  }
}

/** One model call: tokenise (padding, truncation at maxLength), encode, mean-pool, normalise. */
async function encodeBatch(tokenizer: Tokenizer, encoder: Model, maxLength: number, texts: string[]): Promise<Float32Array> {
  const inputs = tokenizer(texts, { padding: true, truncation: true, max_length: maxLength });
  const outputs = await encoder(inputs);
  const hidden = outputs.last_hidden_state ?? outputs.token_embeddings ?? Object.values(outputs)[0];
  const [batch, tokens, dim] = hidden.dims;
  const vectors = meanPoolNormalize(hidden.data as ArrayLike<number>, inputs.attention_mask.data, batch, tokens, dim);
  for (const tensor of [...Object.values(outputs), ...Object.values(inputs)]) tensor.dispose?.();
  return vectors;
}

/**
 * A sentence encoder: texts in, unit vectors out, the way sentence-transformers' `encode` does
 * (mean pooling over tokens, L2 normalisation). Load it with {@link TextEmbedder.load}.
 *
 * @example
 * const embedder = await TextEmbedder.load();          // data/models/all-MiniLM-L6-v2, offline
 * const vectors = await embedder.embed(["A heist in Los Angeles.", "A bank robbery."]);
 * vectors.length; // 2 × 384
 */
export class TextEmbedder {
  private constructor(
    /** The model name or path it was loaded from. */
    readonly model: string,
    /** Length of each vector (384 for all-MiniLM-L6-v2; gensim's `vector_size`). */
    readonly vectorSize: number,
    /** Tokens per input, special tokens included. */
    readonly maxLength: number,
    private readonly tokenizer: Tokenizer,
    private readonly encoder: Model,
  ) {}

  /**
   * Loads a model from disk (by default the shipped all-MiniLM-L6-v2; nothing is downloaded
   * unless `allowRemoteModels` is set).
   *
   * @param options the model, its ONNX file, the token window, threads
   * @returns the embedder, ready to `embed`
   * @throws DataFormatError naming the folder or file when the model folder or one of its files
   *   is missing or unreadable, with the command that rebuilds it.
   */
  static async load(options: TextEmbedderOptions = {}): Promise<TextEmbedder> {
    checkOptions("TextEmbedder.load", options, LOAD_CHECKS);
    const model = options.model ?? DEFAULT_TEXT_MODEL;
    const dtype = options.dtype ?? "q8";
    const remote = options.allowRemoteModels ?? false;
    const folder = isPath(model) ? path.resolve(model) : path.join(MODELS_DIR, model);
    const local = !remote || fs.existsSync(folder);
    if (local) checkModelFolder(folder, dtype);

    const { env, AutoTokenizer, AutoModel } = loadTransformers();
    env.allowLocalModels = true;
    env.allowRemoteModels = remote;
    env.localModelPath = local ? path.dirname(folder) + path.sep : MODELS_DIR + path.sep;
    env.cacheDir = path.join(MODELS_DIR, ".cache");
    env.useFSCache = remote;
    const id = local ? path.basename(folder) : model;
    const hint = local ? rebuildHint(folder) : "a model id on the Hugging Face hub with ONNX weights (e.g. Xenova/all-mpnet-base-v2)";

    let tokenizer: Tokenizer;
    try {
      tokenizer = await AutoTokenizer.from_pretrained(id, { local_files_only: !remote });
    } catch (error) {
      throw new DataFormatError(local ? path.join(folder, "tokenizer.json") : model, null, `cannot load the tokenizer (${(error as Error).message})`, hint);
    }
    let encoder: Model;
    const onnxFile = local ? path.join(folder, "onnx", ONNX_FILE[dtype]) : model;
    try {
      encoder = await AutoModel.from_pretrained(id, {
        dtype,
        device: "cpu",
        local_files_only: !remote,
        session_options: options.threads ? { intraOpNumThreads: options.threads, interOpNumThreads: 1 } : {},
      });
    } catch (error) {
      throw new DataFormatError(onnxFile, null, `cannot load the ONNX model (${(error as Error).message.split("\n")[0]})`, hint);
    }
    const positions = encoder.config?.max_position_embeddings ?? 512;
    const maxLength = options.maxLength ?? Math.min(tokenizer.model_max_length ?? positions, positions);
    if (!Number.isInteger(maxLength) || maxLength < 3 || maxLength > positions) {
      throw new OptionsError(`TextEmbedder: maxLength must be an integer from 3 to ${positions} (the model's positions), got ${maxLength}`);
    }
    // The vector size is what the model gives (hidden_size is not in every config).
    const vectorSize = (await encodeBatch(tokenizer, encoder, maxLength, ["dimension"])).length;
    return new TextEmbedder(local ? folder : model, vectorSize, maxLength, tokenizer, encoder);
  }

  /** @deprecated the old name of {@link TextEmbedder.vectorSize} (docs/GLOSSARY.md); kept one release. */
  get dimension(): number {
    return this.vectorSize;
  }

  /** Number of tokens the tokenizer makes of `text`, special tokens excluded. */
  countTokens(text: string): number {
    return this.tokenizer.encode(text, { add_special_tokens: false }).length;
  }

  /**
   * Encodes texts as unit vectors.
   *
   * @param texts one text or several
   * @param options `batchSize` (32), `longTexts` ("truncate" or "chunk"), `onProgress`
   * @returns texts.length × vectorSize unit vectors, row-major, in input order
   * @throws OptionsError for an unknown option, an empty text or a bad batch size
   * @example
   * const vectors = await embedder.embed(plots, { longTexts: "chunk", onProgress: progressBar({ label: "plots" }) });
   */
  async embed(texts: string | readonly string[], options: EmbedOptions = {}): Promise<Float32Array> {
    const list = typeof texts === "string" ? [texts] : texts;
    const { batchSize = 32, longTexts: mode = "truncate" } = checkOptions("embed", options, EMBED_CHECKS);
    list.forEach((text, i) => {
      if (typeof text !== "string") throw new OptionsError(`embed: text ${i} is ${text === null ? "null" : `a ${typeof text}`}, expected a string`);
      if (text.trim() === "") throw new OptionsError(`embed: text ${i} is empty; every text needs some words`);
    });

    // Passages: one per text when truncating, several per long text when chunking.
    const passages: string[] = [];
    const lengths: number[] = [];
    const owner: number[] = [];
    list.forEach((text, i) => {
      if (mode === "truncate") {
        passages.push(text);
        lengths.push(text.length);
        owner.push(i);
      } else {
        for (const passage of splitPassages(text, (piece) => this.countTokens(piece), this.maxLength - 2)) {
          passages.push(passage.text);
          lengths.push(passage.tokens);
          owner.push(i);
        }
      }
    });

    // Longest first, so each batch pads to similar lengths (as sentence-transformers sorts).
    const order = passages.map((_, i) => i).sort((a, b) => lengths[b] - lengths[a] || a - b);
    const dim = this.vectorSize;
    const passageVectors = new Float32Array(passages.length * dim);
    for (let start = 0; start < order.length; start += batchSize) {
      const batch = order.slice(start, start + batchSize);
      const vectors = await this.encodeBatch(batch.map((i) => passages[i]));
      batch.forEach((p, b) => passageVectors.set(vectors.subarray(b * dim, (b + 1) * dim), p * dim));
      options.onProgress?.({ done: Math.min(start + batchSize, order.length), total: order.length });
    }
    if (mode === "truncate") return passageVectors;

    const out = new Float32Array(list.length * dim);
    const rowsOf: number[][] = list.map(() => []);
    owner.forEach((text, p) => rowsOf[text].push(p));
    rowsOf.forEach((rows, text) => {
      out.set(weightedMeanUnit(passageVectors, dim, rows, rows.map((p) => lengths[p])), text * dim);
    });
    return out;
  }

  private encodeBatch(texts: string[]): Promise<Float32Array> {
    return encodeBatch(this.tokenizer, this.encoder, this.maxLength, texts);
  }

  /** Frees the ONNX session. */
  async dispose(): Promise<void> {
    await this.encoder.dispose?.();
  }

  /** One line: "TextEmbedder<all-MiniLM-L6-v2: 384 dimensions, 256 tokens>". */
  [inspect.custom](): string {
    return `TextEmbedder<${path.basename(this.model)}: ${this.vectorSize} dimensions, ${this.maxLength} tokens>`;
  }
}
