"""A reference side of the loading benchmark: Polars read_csv of ratings.csv (and movies.csv, as
loadMovieLens reads both), then one list of movieIds per user (a list column, file order within
each user, users ascending), as the tutorials build watchlists. Polars uses every core (2 here).
Prints one JSON line. Usage: .venv/bin/python bench/load_polars.py <dir>"""
import sys
import time
from pathlib import Path

from load_report import report

started = time.perf_counter()
import polars as pl  # noqa: E402  (timed: part of a notebook's first cell)

import_seconds = time.perf_counter() - started
folder = Path(sys.argv[1])
started, cpu_started = time.perf_counter(), time.process_time()
ratings = pl.read_csv(folder / "ratings.csv", schema_overrides={"userId": pl.Int32, "movieId": pl.Int32, "rating": pl.Float32, "timestamp": pl.Int64})
movies = pl.read_csv(folder / "movies.csv")
load_seconds, load_cpu = time.perf_counter() - started, time.process_time() - cpu_started
started, cpu_started = time.perf_counter(), time.process_time()
watchlists = ratings.group_by("userId", maintain_order=True).agg(pl.col("movieId")).sort("userId")
group_seconds, group_cpu = time.perf_counter() - started, time.process_time() - cpu_started
report(f"polars {pl.__version__}", ratings.height, watchlists.height, import_seconds, (load_seconds, load_cpu), (group_seconds, group_cpu))
