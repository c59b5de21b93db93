/**
 * The WebAssembly fast path of {@link readCsv} for files with text columns (movies.csv,
 * tags.csv): fields.wat splits whole simple rows, parses their numbers into a staging area and
 * copies each text column's fields into a stage of their own, LF-separated, so a column's strings
 * come from one decode and one split. Any other row (quotes across lines, CR, an empty text, a bad
 * or out-of-range number) ends a run, and the JavaScript scanner reads or reports it.
 */
import { FIELDS_WASM_BASE64 } from "./fields-wasm";
import { KernelInput, STORE_CODES, type StagedValues, stagedValues, writePowersOfTen } from "./number-rows";

/** Rows read per call, at most (not many: V8 compiles the kernel again, optimized, while it runs, and a later call uses that). */
export const FIELD_STAGE_ROWS = 1 << 11;
/** Bytes of each field's text stage (a call stops early when one is full). */
const TEXT_STAGE_BYTES = 1 << 18;
const POW10_OFFSET = 0;
const SPECS_OFFSET = 256;
const SPEC_BYTES = 32;

/** What the fast path does with one field of a row. */
export type FieldSpec =
  | { readonly kind: "skip" }
  | { readonly kind: "text" }
  | {
      readonly kind: "number";
      /** An integer column: a point ends the fast path. */
      readonly isInt: boolean;
      /** Stored in an Int32Array: values beyond ±2³¹ end the fast path. */
      readonly int32: boolean;
      readonly min: number;
      readonly max: number;
      /** The typed array the column is stored in. */
      readonly store: "float64" | "int32" | "float32";
    };

const KIND_CODES = { skip: 0, number: 1, text: 2 } as const;

type RowsFunction = (
  p: number, len: number, fields: number, delimiter: number, quotes: number, specs: number, pow10: number, bounds: number,
  out: number, stride: number, text: number, textCap: number, cursors: number, maxRows: number,
) => number;

let compiled: WebAssembly.Module | null = null;

/** One file's fast-path reader: its own WebAssembly memory holding a copy of the current chunk and the staged fields. */
export class FieldRowReader {
  /** Where the last {@link read} stopped (a byte offset in the chunk). */
  end = 0;
  private readonly rowsFunction: RowsFunction;
  private readonly endGlobal: WebAssembly.Global;
  private readonly memory: WebAssembly.Memory;
  private readonly input: KernelInput;
  private readonly cursors: Int32Array;
  private readonly boundsOffset: number;
  private readonly cursorsOffset: number;
  private readonly inputOffset: number;
  private readonly stagedOffset: number;
  private readonly textOffset: number;

  /**
   * @param fields per field of a row, in order, what to do with it
   * @param delimiter the delimiter byte
   * @param quotes whether fields may be quoted
   * @param inputBytes the largest chunk it will be given
   */
  constructor(
    readonly fields: readonly FieldSpec[],
    readonly delimiter: number,
    readonly quotes: boolean,
    inputBytes: number,
  ) {
    const n = fields.length;
    this.boundsOffset = SPECS_OFFSET + n * SPEC_BYTES;
    this.cursorsOffset = this.boundsOffset + n * 16;
    this.inputOffset = this.cursorsOffset + n * 4;
    this.stagedOffset = Math.ceil((this.inputOffset + inputBytes) / 8) * 8;
    this.textOffset = this.stagedOffset + n * FIELD_STAGE_ROWS * 8;
    const bytes = this.textOffset + n * TEXT_STAGE_BYTES;
    const memory = new WebAssembly.Memory({ initial: Math.ceil(bytes / 65536) });
    compiled ??= new WebAssembly.Module(Buffer.from(FIELDS_WASM_BASE64, "base64"));
    const instance = new WebAssembly.Instance(compiled, { env: { memory } });
    this.rowsFunction = instance.exports.rows as RowsFunction;
    this.endGlobal = instance.exports.end as WebAssembly.Global;
    writePowersOfTen(memory, POW10_OFFSET);
    const specView = new DataView(memory.buffer, SPECS_OFFSET, n * SPEC_BYTES);
    fields.forEach((spec, f) => {
      specView.setInt32(f * SPEC_BYTES, KIND_CODES[spec.kind], true);
      if (spec.kind !== "number") return;
      specView.setInt32(f * SPEC_BYTES + 4, spec.isInt ? 1 : 0, true);
      specView.setFloat64(f * SPEC_BYTES + 8, spec.min, true);
      specView.setFloat64(f * SPEC_BYTES + 16, spec.max, true);
      specView.setInt32(f * SPEC_BYTES + 24, spec.int32 ? 1 : 0, true);
      specView.setInt32(f * SPEC_BYTES + 28, STORE_CODES[spec.store], true);
    });
    this.input = new KernelInput(new Uint8Array(memory.buffer, this.inputOffset, inputBytes));
    this.cursors = new Int32Array(memory.buffer, this.cursorsOffset, n);
    this.memory = memory;
  }

  /**
   * Reads whole simple rows from chunk[p, len) into the stages.
   *
   * @param chunk the reader's buffer (its bytes from file offset `chunkOffset`)
   * @param p where to start
   * @param len the end of the chunk's data
   * @param chunkOffset the file offset of chunk[0] (a new offset or length means new content)
   * @param maxRows the most rows to read (≤ FIELD_STAGE_ROWS)
   * @returns the rows read; `end` is where they stop
   */
  read(chunk: Buffer, p: number, len: number, chunkOffset: number, maxRows: number): number {
    if (!this.input.load(chunk, len, chunkOffset)) return 0;
    const at = this.inputOffset;
    const rows = this.rowsFunction(
      at + p, at + len, this.fields.length, this.delimiter, this.quotes ? 1 : 0, SPECS_OFFSET, POW10_OFFSET, this.boundsOffset,
      this.stagedOffset, FIELD_STAGE_ROWS, this.textOffset, TEXT_STAGE_BYTES, this.cursorsOffset, Math.min(maxRows, FIELD_STAGE_ROWS),
    );
    this.end = (this.endGlobal.value as number) - at;
    return rows;
  }

  /** The staged values of number field `f` for the last {@link read}'s `rows` rows, in the field's store type. */
  values(f: number, rows: number): StagedValues {
    const spec = this.fields[f];
    return stagedValues(this.memory, this.stagedOffset + f * FIELD_STAGE_ROWS * 8, rows, spec.kind === "number" ? spec.store : "float64");
  }

  /** The texts of text field `f` for the last {@link read}'s rows (at least one), decoded at once. */
  texts(f: number, encoding: "utf8" | "latin1"): string[] {
    return Buffer.from(this.memory.buffer, this.textOffset + f * TEXT_STAGE_BYTES, this.cursors[f] - 1).toString(encoding).split("\n");
  }
}
