/**
 * NumPy's .npy format (version 1.0–3.0), the file numpy.save writes and numpy.load reads: a
 * small reader and writer of our own for little-endian float16/float32/float64/int32 arrays in C
 * order, the dtypes embeddings and their ids are stored in.
 *
 * Format: the magic "\x93NUMPY", a version (major, minor), the header length (uint16 for 1.0,
 * uint32 for 2.0/3.0), then a Python dict literal `{'descr': '<f4', 'fortran_order': False,
 * 'shape': (n, d), }` padded with spaces to a multiple of 64 bytes and ended by "\n", then the data.
 */
import { readRegularFile, writeFileChecked } from "../data/files";
import { DataFormatError, OptionsError } from "../errors";
import { checkOptions, type OptionChecks } from "../options";

/** The element types this module reads and writes, as numpy names them. */
export type NpyDtype = "float16" | "float32" | "float64" | "int32";

/** An array read from a .npy file: the data (float16 is widened to float32) and its shape. */
export interface NpyArray {
  /** The elements in C (row-major) order. */
  readonly data: Float32Array | Float64Array | Int32Array;
  /** The shape, e.g. [8538, 384]. */
  readonly shape: readonly number[];
  /** The element type stored in the file. */
  readonly dtype: NpyDtype;
}

/** Options of {@link writeNpy}. */
export interface WriteNpyOptions {
  /** The element type written (default: float32 for Float32Array, float64 for Float64Array, int32 for Int32Array). */
  readonly dtype?: NpyDtype;
}

const WRITE_CHECKS: OptionChecks<WriteNpyOptions> = { dtype: ["float16", "float32", "float64", "int32"] };

const MAGIC = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]);
const DESCR: Record<NpyDtype, string> = { float16: "<f2", float32: "<f4", float64: "<f8", int32: "<i4" };
const BYTES: Record<NpyDtype, number> = { float16: 2, float32: 4, float64: 8, int32: 4 };
/** The smallest magnitude float16 rounds to Infinity (its largest finite value is 65504). */
const FLOAT16_OVERFLOW = 65520;
const EXPECTED = "a NumPy .npy file (little-endian float16, float32, float64 or int32, C order)";

/** Rounds a float32 to the nearest float16 (ties to even) and returns its 16 bits. */
export function toFloat16Bits(value: number): number {
  const f32 = new Float32Array([value]);
  const bits = new Uint32Array(f32.buffer)[0];
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  let mantissa = bits & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 : 0); // Inf, NaN
  const e = exponent - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00; // overflow → Inf
  if (e <= 0) {
    if (e < -10) return sign; // underflow → ±0
    mantissa |= 0x800000; // subnormal half: shift the implicit 1 in
    const shift = 14 - e;
    const half = mantissa >>> shift;
    const rest = mantissa & ((1 << shift) - 1);
    const midpoint = 1 << (shift - 1);
    return sign | (half + (rest > midpoint || (rest === midpoint && (half & 1)) ? 1 : 0));
  }
  const half = (e << 10) | (mantissa >>> 13);
  const rest = mantissa & 0x1fff;
  // Rounding may carry into the exponent, which is still the right float16 (up to Inf).
  return sign | (half + (rest > 0x1000 || (rest === 0x1000 && (half & 1)) ? 1 : 0));
}

/** The number a float16 bit pattern stands for. */
export function fromFloat16Bits(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >>> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa ? NaN : sign * Infinity;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

function defaultDtype(data: Float32Array | Float64Array | Int32Array): NpyDtype {
  return data instanceof Int32Array ? "int32" : data instanceof Float64Array ? "float64" : "float32";
}

/**
 * Writes an array as a .npy file (format 1.0) that `numpy.load` reads. Parent folders are created.
 *
 * @param file where to write
 * @param data the elements in C order
 * @param shape the shape; its product must equal `data.length` (default: `[data.length]`)
 * @param options `dtype` to store (float16 halves a float32 file; values are rounded to nearest)
 * @example
 * writeNpy("vectors.npy", vectors, [rows, 384], { dtype: "float16" });
 */
export function writeNpy(
  file: string,
  data: Float32Array | Float64Array | Int32Array,
  shape: readonly number[] = [data.length],
  options: WriteNpyOptions = {},
): void {
  const dtype = checkOptions("writeNpy", options, WRITE_CHECKS).dtype ?? defaultDtype(data);
  if (shape.some((n) => !Number.isInteger(n) || n < 0) || shape.reduce((a, b) => a * b, 1) !== data.length) {
    throw new OptionsError(`writeNpy: shape (${shape.join(", ")}) does not hold ${data.length} elements`);
  }
  if ((dtype === "int32") !== data instanceof Int32Array) {
    throw new OptionsError(`writeNpy: cannot store a ${data.constructor.name} as ${dtype}`);
  }
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
  let header = `{'descr': '${DESCR[dtype]}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const unpadded = MAGIC.length + 2 + 2 + header.length + 1;
  header += " ".repeat((64 - (unpadded % 64)) % 64) + "\n";
  const prefix = Buffer.alloc(MAGIC.length + 4);
  MAGIC.copy(prefix);
  prefix[6] = 1;
  prefix[7] = 0;
  prefix.writeUInt16LE(header.length, 8);
  const body = Buffer.alloc(data.length * BYTES[dtype]);
  for (let i = 0; i < data.length; i++) {
    if (dtype === "float16" && Number.isFinite(data[i]) && Math.abs(data[i]) >= FLOAT16_OVERFLOW) {
      throw new OptionsError(`writeNpy: element ${i} (${data[i]}) is beyond float16's largest value 65504 and would be stored as Infinity; use dtype "float32"`);
    }
    if (dtype === "float16") body.writeUInt16LE(toFloat16Bits(data[i]), 2 * i);
    else if (dtype === "float32") body.writeFloatLE(data[i], 4 * i);
    else if (dtype === "float64") body.writeDoubleLE(data[i], 8 * i);
    else body.writeInt32LE(data[i], 4 * i);
  }
  writeFileChecked(file, Buffer.concat([prefix, Buffer.from(header, "latin1"), body]));
}

/**
 * Reads a .npy file written by numpy.save (or {@link writeNpy}).
 *
 * @param file the .npy file
 * @returns the data (float16 widened to Float32Array), the shape and the stored dtype
 * @throws DataFormatError naming the file when it is missing, is not .npy, uses a dtype or byte
 *   order this reader does not handle, is in Fortran order, or is shorter than its shape says.
 * @example
 * const { data, shape } = readNpy("vectors.npy"); // shape [8538, 384]
 */
export function readNpy(file: string): NpyArray {
  const bytes = readRegularFile(file, EXPECTED);
  if (bytes.length < 10 || !bytes.subarray(0, 6).equals(MAGIC)) {
    throw new DataFormatError(file, null, "does not start with the .npy magic \\x93NUMPY", EXPECTED);
  }
  const major = bytes[6];
  if (major < 1 || major > 3) throw new DataFormatError(file, null, `.npy format version ${major}.${bytes[7]}`, "version 1.0, 2.0 or 3.0");
  const headerLength = major === 1 ? bytes.readUInt16LE(8) : bytes.readUInt32LE(8);
  const headerStart = major === 1 ? 10 : 12;
  const dataStart = headerStart + headerLength;
  if (bytes.length < dataStart) throw new DataFormatError(file, null, "the header is cut short", EXPECTED);
  const header = bytes.subarray(headerStart, dataStart).toString(major === 3 ? "utf8" : "latin1");
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    throw new DataFormatError(file, null, `unreadable header ${JSON.stringify(header.trim())}`, "a dict with descr, fortran_order and shape");
  }
  const dtype = (Object.keys(DESCR) as NpyDtype[]).find((d) => DESCR[d] === descr);
  if (!dtype) throw new DataFormatError(file, null, `dtype ${descr}`, "<f2, <f4, <f8 or <i4 (little-endian)");
  if (fortran === "True") throw new DataFormatError(file, null, "Fortran (column-major) order", "C order (numpy.save of a C-contiguous array)");
  const shape = shapeText.split(",").map((s) => s.trim()).filter((s) => s !== "").map(Number);
  if (shape.some((n) => !Number.isInteger(n) || n < 0)) throw new DataFormatError(file, null, `shape (${shapeText})`, "non-negative integers");
  const count = shape.reduce((a, b) => a * b, 1);
  if (!Number.isSafeInteger(count * BYTES[dtype])) throw new DataFormatError(file, null, `shape (${shape.join(", ")})`, "a shape whose size fits in memory");
  const needed = count * BYTES[dtype];
  if (bytes.length - dataStart < needed) {
    throw new DataFormatError(file, null, `${bytes.length - dataStart} bytes of data`, `${needed} bytes for shape (${shape.join(", ")}) of ${dtype}`);
  }
  const body = bytes.subarray(dataStart, dataStart + needed);
  let data: Float32Array | Float64Array | Int32Array;
  if (dtype === "float16") {
    data = new Float32Array(count);
    for (let i = 0; i < count; i++) data[i] = fromFloat16Bits(body.readUInt16LE(2 * i));
  } else if (dtype === "float32") {
    data = new Float32Array(count);
    for (let i = 0; i < count; i++) data[i] = body.readFloatLE(4 * i);
  } else if (dtype === "float64") {
    data = new Float64Array(count);
    for (let i = 0; i < count; i++) data[i] = body.readDoubleLE(8 * i);
  } else {
    data = new Int32Array(count);
    for (let i = 0; i < count; i++) data[i] = body.readInt32LE(4 * i);
  }
  return { data, shape, dtype };
}
