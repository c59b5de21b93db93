// .npy reading and writing: round trips, float16 rounding, numpy interoperability, bad files.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DataFormatError, Random, readNpy, writeNpy } from "movie-embeddings";
import { fromFloat16Bits, toFloat16Bits } from "../lib/src/vectors/npy";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "npy-"));
const python = path.join(__dirname, "..", ".venv", "bin", "python");
const hasNumpy = fs.existsSync(python) && (() => {
  try {
    execFileSync(python, ["-c", "import numpy"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

test("float32, float64 and int32 arrays survive a round trip with their shape", () => {
  const random = new Random(1);
  const f32 = Float32Array.from({ length: 12 }, () => random.normal());
  const f64 = Float64Array.from({ length: 6 }, () => random.normal());
  const i32 = Int32Array.from([1, -2, 193609, 0]);
  writeNpy(path.join(tmp, "a.npy"), f32, [3, 4]);
  writeNpy(path.join(tmp, "b.npy"), f64, [6]);
  writeNpy(path.join(tmp, "c.npy"), i32);
  assert.deepEqual(readNpy(path.join(tmp, "a.npy")), { data: f32, shape: [3, 4], dtype: "float32" });
  assert.deepEqual(readNpy(path.join(tmp, "b.npy")), { data: f64, shape: [6], dtype: "float64" });
  assert.deepEqual(readNpy(path.join(tmp, "c.npy")), { data: i32, shape: [4], dtype: "int32" });
  // The header (magic + version + length + dict) is padded so data starts on a 64-byte boundary.
  assert.equal((fs.statSync(path.join(tmp, "a.npy")).size - 12 * 4) % 64, 0);
});

test("float16 rounds to nearest, keeps specials, and reads back within half precision", () => {
  assert.equal(toFloat16Bits(1), 0x3c00);
  assert.equal(toFloat16Bits(-2), 0xc000);
  assert.equal(toFloat16Bits(65504), 0x7bff);
  assert.equal(toFloat16Bits(70000), 0x7c00);
  assert.equal(toFloat16Bits(0.1), 0x2e66);
  assert.equal(toFloat16Bits(2 ** -24), 0x0001); // smallest subnormal
  assert.equal(toFloat16Bits(1e-9), 0);
  assert.ok(Number.isNaN(fromFloat16Bits(toFloat16Bits(NaN))));
  assert.equal(fromFloat16Bits(0x3555), 0.333251953125);
  const values = Float32Array.from({ length: 1000 }, (_, i) => Math.sin(i) * 0.2);
  writeNpy(path.join(tmp, "h.npy"), values, [10, 100], { dtype: "float16" });
  const back = readNpy(path.join(tmp, "h.npy"));
  assert.equal(back.dtype, "float16");
  assert.deepEqual(back.shape, [10, 100]);
  for (let i = 0; i < values.length; i++) assert.ok(Math.abs(back.data[i] - values[i]) <= Math.abs(values[i]) * 2 ** -11 + 2 ** -25, `value ${i}`);
});

test("bad files and shapes give errors naming the file", () => {
  assert.throws(() => readNpy(path.join(tmp, "missing.npy")), (e: Error) => e instanceof DataFormatError && /missing\.npy: file not found/.test(e.message));
  fs.writeFileSync(path.join(tmp, "text.npy"), "movieId,title\n");
  assert.throws(() => readNpy(path.join(tmp, "text.npy")), /text\.npy: does not start with the \.npy magic/);
  writeNpy(path.join(tmp, "short.npy"), new Float32Array(8), [2, 4]);
  fs.truncateSync(path.join(tmp, "short.npy"), fs.statSync(path.join(tmp, "short.npy")).size - 4);
  assert.throws(() => readNpy(path.join(tmp, "short.npy")), /short\.npy: 28 bytes of data; expected 32 bytes for shape \(2, 4\)/);
  assert.throws(() => writeNpy(path.join(tmp, "x.npy"), new Float32Array(5), [2, 3]), /shape \(2, 3\) does not hold 5 elements/);
});

test("numpy reads our files and we read numpy's", { skip: hasNumpy ? false : "numpy is not in .venv" }, () => {
  writeNpy(path.join(tmp, "ours.npy"), Float32Array.from([1.5, -2, 3.25, 4, 5, 6]), [2, 3], { dtype: "float16" });
  const script = [
    "import numpy as np, sys",
    `a = np.load(${JSON.stringify(path.join(tmp, "ours.npy"))})`,
    "assert a.dtype == np.float16 and a.shape == (2, 3), (a.dtype, a.shape)",
    "assert a.tolist() == [[1.5, -2.0, 3.25], [4.0, 5.0, 6.0]], a",
    `np.save(${JSON.stringify(path.join(tmp, "theirs.npy"))}, np.arange(6, dtype=np.float32).reshape(3, 2) / 4)`,
    `np.save(${JSON.stringify(path.join(tmp, "ids.npy"))}, np.array([1, 50, 193609], dtype=np.int32))`,
  ].join("\n");
  execFileSync(python, ["-c", script]);
  assert.deepEqual(readNpy(path.join(tmp, "theirs.npy")), { data: Float32Array.from([0, 0.25, 0.5, 0.75, 1, 1.25]), shape: [3, 2], dtype: "float32" });
  assert.deepEqual(readNpy(path.join(tmp, "ids.npy")).data, Int32Array.from([1, 50, 193609]));
});
