"""What every reference side of the loading benchmark prints: one JSON line of counts, times and
peak memory (bench/loading.mjs reads it). Imported by load_pandas.py, load_polars.py, load_duckdb.py."""
import json
import resource


def report(engine: str, ratings: int, users: int, import_seconds: float, load: tuple, group: tuple) -> None:
    """Prints the line; `load` and `group` are (wall seconds, CPU seconds) of the two steps."""
    print(json.dumps({
        "engine": engine,
        "ratings": ratings,
        "users": users,
        "importSeconds": import_seconds,
        "loadSeconds": load[0],
        "groupSeconds": group[0],
        "loadCpuSeconds": load[1],
        "groupCpuSeconds": group[1],
        "peakMB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }))
