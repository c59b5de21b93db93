// Reads a MovieLens ratings.csv into watchlists: each user's movieIds, as strings, in file order.
// The bench's own simple parser (bytes, no CSV quoting: ratings.csv has none), fast enough for 25M rows.
import { closeSync, openSync, readSync } from "node:fs";

export function readWatchlists(path) {
  const fd = openSync(path, "r");
  const chunk = Buffer.alloc(1 << 24);
  const tokens = new Map(); // movieId → one shared string
  const users = new Map();
  let field = 0;
  let user = 0;
  let movie = 0;
  let header = true;
  let ratings = 0;
  for (;;) {
    const n = readSync(fd, chunk, 0, chunk.length, null);
    if (n === 0) break;
    for (let i = 0; i < n; i++) {
      const c = chunk[i];
      if (header) {
        if (c === 10) header = false;
        continue;
      }
      if (c === 10) {
        let token = tokens.get(movie);
        if (token === undefined) tokens.set(movie, (token = String(movie)));
        let list = users.get(user);
        if (list === undefined) users.set(user, (list = []));
        list.push(token);
        ratings++;
        field = 0;
        user = 0;
        movie = 0;
      } else if (c === 44) field++;
      else if (field === 0) user = user * 10 + (c - 48);
      else if (field === 1) movie = movie * 10 + (c - 48);
    }
  }
  closeSync(fd);
  return { sentences: [...users.values()], ratings };
}
