// Temporary folders and fixture datasets with some files replaced, for the bad-input cases.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const FIXTURES = path.join(__dirname, "..", "fixtures");

/** A new temporary folder named after `prefix`. */
export const tmp = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), `inputs-${prefix}-`));

/** A copy of a fixture dataset with some files replaced. */
export function datasetWith(fixture: string, files: Record<string, string | Buffer>): string {
  const dir = tmp(fixture);
  for (const name of fs.readdirSync(path.join(FIXTURES, fixture))) fs.copyFileSync(path.join(FIXTURES, fixture, name), path.join(dir, name));
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
  return dir;
}

