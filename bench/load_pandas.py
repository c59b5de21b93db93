"""The reference side of the loading benchmark: pandas read_csv of ratings.csv (and movies.csv, as
loadMovieLens reads both), then one list of movieIds per user, in file order, as the tutorials
build watchlists. Prints one JSON line. Usage: .venv/bin/python bench/load_pandas.py <dir>"""
import sys
import time
from pathlib import Path

from load_report import report

started = time.perf_counter()
import pandas as pd  # noqa: E402  (timed: part of a notebook's first cell)

import_seconds = time.perf_counter() - started
folder = Path(sys.argv[1])
started, cpu_started = time.perf_counter(), time.process_time()
ratings = pd.read_csv(folder / "ratings.csv", dtype={"userId": "int32", "movieId": "int32", "rating": "float32", "timestamp": "int64"})
movies = pd.read_csv(folder / "movies.csv")
load_seconds, load_cpu = time.perf_counter() - started, time.process_time() - cpu_started
started, cpu_started = time.perf_counter(), time.process_time()
watchlists = ratings.groupby("userId", sort=True)["movieId"].apply(list)
group_seconds, group_cpu = time.perf_counter() - started, time.process_time() - cpu_started
report(f"pandas {pd.__version__}", len(ratings), len(watchlists), import_seconds, (load_seconds, load_cpu), (group_seconds, group_cpu))
