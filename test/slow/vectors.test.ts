// Interoperability through Python: gensim loads our word2vec files and we load its; numpy reads
// our .npy files and we read its (each skipped, saying why, when .venv lacks the package).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import * as fs from "node:fs";
import * as os from "node:os";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as path from "node:path";
import { describe, test } from "node:test";
import { loadWord2VecFormat, readNpy, saveWord2VecFormat, writeNpy } from "movie-embeddings/internal";
import { randomVectors } from "../support/vectors";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "npy-"));
const python = path.join(__dirname, "..", "..", ".venv", "bin", "python");
const hasNumpy = fs.existsSync(python) && (() => {
  try {
    execFileSync(python, ["-c", "import numpy"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

describe("word2vec files", () => {
  const dir = mkdtempSync(join(tmpdir(), "w2v-"));
  const wv = randomVectors(40, 7, 3);

  const python = join(__dirname, "..", "..", ".venv", "bin", "python");
  const hasGensim = existsSync(python) && (() => {
    try {
      execFileSync(python, ["-c", "import gensim"], { stdio: "ignore" });
      return true;
    } catch {
      return false;
    }
  })();
  test(
    "gensim loads our files with the same vectors, and we load gensim's",
    { skip: hasGensim ? false : "gensim is not in .venv: .venv/bin/pip install -r requirements-bench.txt" },
    () => {
      saveWord2VecFormat(wv, join(dir, "ours.txt"));
      saveWord2VecFormat(wv, join(dir, "ours.bin"), { binary: true });
      const script = `
import json, sys
from gensim.models import KeyedVectors
d = sys.argv[1]
out = {}
for name, binary in [("ours.txt", False), ("ours.bin", True)]:
    kv = KeyedVectors.load_word2vec_format(d + "/" + name, binary=binary)
    out[name] = {"keys": list(kv.index_to_key), "vectors": kv.vectors.astype("float64").ravel().tolist()}
    kv.save_word2vec_format(d + "/gensim-" + name, binary=binary)
print(json.dumps(out))
`;
      writeFileSync(join(dir, "check.py"), script);
      const loaded = JSON.parse(execFileSync(python, [join(dir, "check.py"), dir], { encoding: "utf8" }));
      for (const name of ["ours.txt", "ours.bin"]) {
        assert.deepEqual(loaded[name].keys, wv.keys);
        assert.deepEqual(Float32Array.from(loaded[name].vectors), wv.vectors);
      }
      for (const [name, binary] of [["gensim-ours.txt", false], ["gensim-ours.bin", true]] as const) {
        const back = loadWord2VecFormat(join(dir, name), { binary });
        assert.deepEqual(back.keys, wv.keys);
        assert.deepEqual(back.vectors, wv.vectors);
      }
    },
  );
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
