"""A reference side of the loading benchmark: DuckDB (in-process, in memory) reads ratings.csv and
movies.csv into tables, then builds one list of movieIds per user (file order within each user,
users ascending) as a table of its own: the lists stay in DuckDB, as ours stay in typed arrays.
DuckDB uses every core (2 here). Prints one JSON line. Usage: .venv/bin/python bench/load_duckdb.py <dir>"""
import sys
import time
from pathlib import Path

from load_report import report

started = time.perf_counter()
import duckdb  # noqa: E402  (timed: part of a notebook's first cell)

import_seconds = time.perf_counter() - started
folder = Path(sys.argv[1])
con = duckdb.connect()
started, cpu_started = time.perf_counter(), time.process_time()
con.execute(
    "CREATE TABLE ratings AS SELECT * FROM read_csv(?, header = true, "
    "columns = {'userId': 'INTEGER', 'movieId': 'INTEGER', 'rating': 'FLOAT', 'timestamp': 'BIGINT'})",
    [str(folder / "ratings.csv")],
)
con.execute("CREATE TABLE movies AS SELECT * FROM read_csv(?, header = true)", [str(folder / "movies.csv")])
load_seconds, load_cpu = time.perf_counter() - started, time.process_time() - cpu_started
started, cpu_started = time.perf_counter(), time.process_time()
con.execute("CREATE TABLE watchlists AS SELECT userId, list(movieId ORDER BY rowid) AS movieIds FROM ratings GROUP BY userId ORDER BY userId")
group_seconds, group_cpu = time.perf_counter() - started, time.process_time() - cpu_started
report(f"duckdb {duckdb.__version__}", con.execute("SELECT count(*) FROM ratings").fetchone()[0], con.execute("SELECT count(*) FROM watchlists").fetchone()[0], import_seconds, (load_seconds, load_cpu), (group_seconds, group_cpu))
