// CSV files written on the fly and the DataFormatError they must raise, shared by data.test.ts and
// slow/data.test.ts.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DataFormatError, readCsv } from "movie-embeddings/internal";
import type { ColumnSpec, CsvOptions } from "movie-embeddings";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "csv-test-"));
let count = 0;

/** Writes `content` to a new CSV file and returns its path. */
export function file(content: string | Buffer): string {
  const name = path.join(dir, `f${count++}.csv`);
  fs.writeFileSync(name, content);
  return name;
}

/** Asserts that reading `content` fails with a DataFormatError at `line` whose message matches `pattern`. */
export function rejects(content: string, specs: ColumnSpec[], line: number | null, pattern: RegExp, options?: CsvOptions): void {
  assert.throws(
    () => readCsv(file(content), specs, options),
    (error: unknown) => {
      assert.ok(error instanceof DataFormatError, `expected a DataFormatError, got ${error}`);
      assert.equal(error.line, line);
      assert.match(error.message, pattern);
      return true;
    },
  );
}
