/**
 * The WebAssembly fast path of {@link readCsv} for files whose every field is a number column
 * (ratings.csv): whole rows of plain numbers parsed by numbers.wat into a staging area, which the
 * reader copies into its typed columns. Any other row (quotes, CR, an empty field, a bad or
 * out-of-range value) ends a run, and the JavaScript scanner reads or reports it. Also what both
 * row kernels' readers share (this one and field-rows.ts): the input area, the powers of ten and
 * the staged values.
 */
import { NUMBERS_WASM_BASE64 } from "./numbers-wasm";

/** Rows staged per call (not many: V8 compiles the kernel again, optimized, while it runs, and a later call uses that). */
export const STAGE_ROWS = 1 << 14;
/** The most fields a row of the fast path may have. */
export const MAX_NUMBER_FIELDS = 16;

const POW10_OFFSET = 0;
const SPECS_OFFSET = 256;
const SPEC_BYTES = 32;
const INPUT_OFFSET = SPECS_OFFSET + MAX_NUMBER_FIELDS * SPEC_BYTES;

/** What the fast path checks for one field. */
export interface NumberFieldSpec {
  /** An integer column: a point ends the fast path. */
  readonly isInt: boolean;
  /** Stored in an Int32Array: values beyond ±2³¹ end the fast path. */
  readonly int32: boolean;
  readonly min: number;
  readonly max: number;
  /** The typed array the column is stored in: values are staged in its type, so copying them out is a plain copy. */
  readonly store: "float64" | "int32" | "float32";
}

/** A field's staged values, in its store type. */
export type StagedValues = Float64Array | Int32Array | Float32Array;

/** How a field's store type is told to the row kernels (numbers.wat and fields.wat). */
export const STORE_CODES = { float64: 0, int32: 1, float32: 2 } as const;

/** Writes the powers of ten 10⁰…10²² that both row kernels scale decimals by. */
export function writePowersOfTen(memory: WebAssembly.Memory, offset: number): void {
  new Float64Array(memory.buffer, offset, 23).set(Array.from({ length: 23 }, (_, k) => 10 ** k));
}

/** A number field's staged values (both row kernels stage 8 bytes a row), viewed in its store type. */
export function stagedValues(memory: WebAssembly.Memory, offset: number, rows: number, store: NumberFieldSpec["store"]): StagedValues {
  if (store === "int32") return new Int32Array(memory.buffer, offset, rows);
  if (store === "float32") return new Float32Array(memory.buffer, offset, rows);
  return new Float64Array(memory.buffer, offset, rows);
}

/** A row kernel's input area: the reader's current chunk, copied in once however many calls read it. */
export class KernelInput {
  private copiedOffset = -1;
  private copiedLength = -1;

  /** @param bytes the input area in the kernel's memory */
  constructor(readonly bytes: Uint8Array) {}

  /**
   * Makes chunk[0, len) the kernel's input, copying it only when it is new content.
   *
   * @param chunk the reader's buffer (its bytes from file offset `chunkOffset`)
   * @param len the end of the chunk's data
   * @param chunkOffset the file offset of chunk[0] (a new offset or length means new content)
   * @returns false when the chunk does not fit the input area (the kernel then reads no row)
   */
  load(chunk: Buffer, len: number, chunkOffset: number): boolean {
    if (len > this.bytes.length) return false;
    if (chunkOffset !== this.copiedOffset || len !== this.copiedLength) {
      this.bytes.set(chunk.subarray(0, len));
      this.copiedOffset = chunkOffset;
      this.copiedLength = len;
    }
    return true;
  }
}

type RowsFunction = (p: number, len: number, fields: number, delimiter: number, specs: number, pow10: number, out: number, stride: number, maxRows: number) => number;

let compiled: WebAssembly.Module | null = null;

/** One file's fast-path reader: its own WebAssembly memory holding a copy of the current chunk and the staged values. */
export class NumberRowReader {
  /** Where the last {@link read} stopped (a byte offset in the chunk). */
  end = 0;
  private readonly rowsFunction: RowsFunction;
  private readonly endGlobal: WebAssembly.Global;
  private readonly input: KernelInput;
  private readonly memory: WebAssembly.Memory;
  private readonly stagedOffset: number;

  /**
   * @param fields per field of a row, in order, what to check
   * @param delimiter the delimiter byte
   * @param inputBytes the largest chunk it will be given
   */
  constructor(
    readonly fields: readonly NumberFieldSpec[],
    readonly delimiter: number,
    inputBytes: number,
  ) {
    this.stagedOffset = Math.ceil((INPUT_OFFSET + inputBytes) / 8) * 8;
    const bytes = this.stagedOffset + fields.length * STAGE_ROWS * 8;
    const memory = new WebAssembly.Memory({ initial: Math.ceil(bytes / 65536) });
    compiled ??= new WebAssembly.Module(Buffer.from(NUMBERS_WASM_BASE64, "base64"));
    const instance = new WebAssembly.Instance(compiled, { env: { memory } });
    this.rowsFunction = instance.exports.rows as RowsFunction;
    this.endGlobal = instance.exports.end as WebAssembly.Global;
    writePowersOfTen(memory, POW10_OFFSET);
    const specView = new DataView(memory.buffer, SPECS_OFFSET, MAX_NUMBER_FIELDS * SPEC_BYTES);
    fields.forEach((spec, f) => {
      specView.setInt32(f * SPEC_BYTES, spec.isInt ? 1 : 0, true);
      specView.setInt32(f * SPEC_BYTES + 4, spec.int32 ? 1 : 0, true);
      specView.setFloat64(f * SPEC_BYTES + 8, spec.min, true);
      specView.setFloat64(f * SPEC_BYTES + 16, spec.max, true);
      specView.setInt32(f * SPEC_BYTES + 24, STORE_CODES[spec.store], true);
    });
    this.input = new KernelInput(new Uint8Array(memory.buffer, INPUT_OFFSET, inputBytes));
    this.memory = memory;
  }

  /**
   * Reads whole rows of plain numbers from chunk[p, len) into the staging area.
   *
   * @param chunk the reader's buffer (its bytes from file offset `chunkOffset`)
   * @param p where to start
   * @param len the end of the chunk's data
   * @param chunkOffset the file offset of chunk[0] (a new offset or length means new content)
   * @param maxRows the most rows to read (≤ STAGE_ROWS)
   * @returns the rows read; `end` is where they stop
   */
  read(chunk: Buffer, p: number, len: number, chunkOffset: number, maxRows: number): number {
    if (!this.input.load(chunk, len, chunkOffset)) return 0;
    const rows = this.rowsFunction(INPUT_OFFSET + p, INPUT_OFFSET + len, this.fields.length, this.delimiter, SPECS_OFFSET, POW10_OFFSET, this.stagedOffset, STAGE_ROWS, Math.min(maxRows, STAGE_ROWS));
    this.end = (this.endGlobal.value as number) - INPUT_OFFSET;
    return rows;
  }

  /** The staged values of field `f` for the last {@link read}'s `rows` rows, in the field's store type. */
  values(f: number, rows: number): StagedValues {
    return stagedValues(this.memory, this.stagedOffset + f * STAGE_ROWS * 8, rows, this.fields[f].store);
  }
}
