// Run by test/slow/deno.test.ts as `deno run -A test/deno/smoke.ts`: prints exerciseParts() as JSON.
import { exerciseParts } from "./parts.ts";

console.log(JSON.stringify(await exerciseParts()));
