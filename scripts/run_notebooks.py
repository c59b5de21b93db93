"""Headless notebook runner for movie-embeddings (run with .venv/bin/python; see scripts/jupyter.mjs).

Executes notebooks/*.ipynb (or the notebooks named on the command line) through nbclient with the
project's `tslab` kernel (or, with `--kernel deno`, Deno's Jupyter kernel: same notebooks, same
expectations, not the prose's quoted digits, outputs in out/notebooks/deno/), with the working directory set to notebooks/ so that
`import ... from "movie-embeddings"` resolves exactly as in JupyterLab.

    python scripts/run_notebooks.py [--check] [--export] [--kernel tslab|deno] [--timeout SECONDS] [--param NAME=VALUE ...] [NOTEBOOK ...]

A notebook fails when
  * a cell errors (tslab reports compile and runtime errors only as stderr stream output with an
    empty error reply, so the failure message shows that stderr text, the cell index and source);
  * a cell that did not error still writes to stderr (console.error / console.warn), unless the
    notebook or the cell opts out with metadata `"movie_embeddings": {"allow_stderr": true}`;
  * a cell runs longer than its time limit: --timeout (default 300 s), overridden per notebook by
    notebook metadata `"movie_embeddings": {"timeout": 600}` and per cell by cell metadata
    `"movie_embeddings": {"timeout": 900}`;
  * a recorded metric is missing or outside its expected range (see below).

Modes
  --check   one line per notebook (✓/✗, name, seconds), failure details on stderr, then a final
            plain line `notebooks: N passed, M failed`; exit status 1 when any notebook failed.
  --export  also writes each executed notebook (<name>.ipynb) and a standalone HTML export
            (<name>.html, nbconvert HTMLExporter, default template) into out/notebooks/.
Both modes write out/notebooks/<name>.metrics.json and out/notebooks/manifest.json (what ran,
pass/fail, seconds, exported files, declared figure count; read by test/project/html-export.test.ts).

Per-cell times
  The manifest lists every executed code cell ("cells": index, wall seconds, the kernel's CPU
  seconds where /proc shows them, the cell's first line), and the run ends by printing the
  slowest cells of each notebook (--slowest N, default 3; 0 prints none).

Parameters (papermill-style)
  A notebook's first code cell is its parameters cell (cell metadata tags include "parameters"),
  holding plain constants such as `const DATASET = "ml-latest-small";`. `--param NAME=VALUE`
  (repeatable) rewrites that constant before the run: VALUE is used as written when it is a
  number, true, false or null, or already quoted; otherwise it becomes a string. So
  `--param DATASET=ml-25m` runs a notebook on data/ml-25m. A notebook without a parameters cell,
  or without that constant, fails the run with a message naming both. With --param, recorded
  metrics are not checked against test/notebook-expectations.json nor test/notebook-quotes.json
  (those hold the default dataset's numbers) and the run's outputs go to out/notebooks/<NAME=VALUE>/ unless --out says.

Recorded metrics
  Any cell output (display_data, execute_result, update_display_data) with the mimetype
  `application/vnd.movie-embeddings.metrics+json` carries a JSON object name -> number | string.
  All such objects of one notebook are merged in output order (a later value for a name wins)
  and written to out/notebooks/<name>.metrics.json.

Expected metrics: test/notebook-expectations.json (optional)
  {
    "00-movielens-tour": {                       <- notebook file name without .ipynb
      "ratings": {"value": 100836, "tol": 0},    <- |actual - value| <= tol (tol defaults to 0)
      "users":   {"min": 600, "max": 700},       <- min <= actual <= max (either bound optional)
      "title":   {"value": "Toy Story (1995)"}   <- strings compare exactly
    }
  }
  Every metric listed must be recorded by that notebook. A notebook listed there that does not
  exist fails the run when all notebooks are run (not when a subset is named).

Quoted numbers: test/notebook-quotes.json (optional)
  Prose that quotes a number from the run registers the phrase, so the number cannot drift from
  what the run recorded:
  {
    "01-item2vec": [                              <- notebook file name without .ipynb
      {"metric": "betterFamilyShare",             <- a recorded metric
       "format": "fixed1",                        <- how the prose prints it (see below)
       "quote": "a share of {} with an"}          <- the phrase, {} where the number stands
    ]
  }
  The run fails when the metric was not recorded, or when the phrase with the recorded value
  printed in `format` is in no markdown cell (whitespace and line breaks count as one space);
  the message says which number the prose has instead, when the phrase is there with another.
  Formats: "int" (100,836), "fixedN" (N decimals: fixed2 → 0.51), "percentN" (value × 100 with N
  decimals, the % sign written in the quote: percent1 → 71.3), "string" (as recorded). Keep
  quotes short and unique: the words around the number, not the whole sentence.

Declared figures
  Notebook metadata `"movie_embeddings": {"figures": 2}` (a count, or true for "at least one")
  says how many `div.me-figure` outputs the HTML export must contain at least; the count is put in
  the manifest for the HTML check, next to the number of figure outputs the run produced
  ("figureOutputs"), which the HTML export must show all of.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import re
import sys
import time
import traceback
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from nbclient.util import run_sync

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS_DIR = ROOT / "notebooks"
OUT_DIR = ROOT / "out" / "notebooks"
EXPECTATIONS = ROOT / "test" / "notebook-expectations.json"
QUOTES = ROOT / "test" / "notebook-quotes.json"
METRICS_MIME = "application/vnd.movie-embeddings.metrics+json"
META_KEY = "movie_embeddings"
KERNEL = "tslab"
KERNELSPECS = {
    "tslab": {"display_name": "TypeScript", "language": "typescript", "name": "tslab"},
    "deno": {"display_name": "TypeScript (Deno)", "language": "typescript", "name": "deno"},
}
MAX_SOURCE_LINES = 40
MAX_STDERR_CHARS = 6000


class NotebookFailure(Exception):
    """A failed notebook, with a message that is ready to print."""


def meta(node) -> dict:
    value = node.get("metadata", {}).get(META_KEY, {})
    return value if isinstance(value, dict) else {}


def stream_text(cell, name: str) -> str:
    return "".join(
        "".join(o.get("text", "")) if isinstance(o.get("text"), list) else o.get("text", "")
        for o in cell.get("outputs", [])
        if o.get("output_type") == "stream" and o.get("name") == name
    )


def error_text(cell) -> str:
    """Text of `error` outputs (tslab normally leaves these empty; other kernels do not)."""
    parts = []
    for o in cell.get("outputs", []):
        if o.get("output_type") == "error":
            parts.append(f"{o.get('ename', '')}: {o.get('evalue', '')}".strip(": "))
    return "\n".join(p for p in parts if p)


def indent(text: str, prefix: str = "    ") -> str:
    return "\n".join(prefix + line for line in text.rstrip("\n").splitlines())


def describe_cell(nb_name: str, index: int, cell, reason: str) -> str:
    source = cell.get("source", "")
    lines = source.splitlines()
    if len(lines) > MAX_SOURCE_LINES:
        lines = lines[:MAX_SOURCE_LINES] + [f"... ({len(source.splitlines()) - MAX_SOURCE_LINES} more lines)"]
    stderr = stream_text(cell, "stderr")
    if len(stderr) > MAX_STDERR_CHARS:
        stderr = stderr[:MAX_STDERR_CHARS] + "\n... (stderr cut)"
    errors = error_text(cell)
    msg = [f"{nb_name}: cell {index} (counting from 0) {reason}", "  source:", indent("\n".join(lines) or "(empty)")]
    msg += ["  stderr:", indent(stderr) if stderr.strip() else "    (nothing on stderr)"]
    if errors:
        msg += ["  error:", indent(errors)]
    return "\n".join(msg)


def collect_metrics(nb) -> dict:
    metrics: dict = {}
    for cell in nb.cells:
        for o in cell.get("outputs", []):
            data = o.get("data", {})
            if METRICS_MIME not in data:
                continue
            value = data[METRICS_MIME]
            if isinstance(value, str):
                value = json.loads(value)
            if not isinstance(value, dict):
                raise NotebookFailure(f"{METRICS_MIME} output is not a JSON object: {value!r}")
            metrics.update(value)
    return metrics


def check_expectations(name: str, metrics: dict, expected: dict) -> list[str]:
    problems = []
    for metric, rule in expected.items():
        if metric not in metrics:
            problems.append(f"metric {metric!r} was not recorded (expected {json.dumps(rule)})")
            continue
        actual = metrics[metric]
        if not isinstance(rule, dict):
            rule = {"value": rule}
        if "value" in rule:
            want = rule["value"]
            if isinstance(want, str) or isinstance(actual, str):
                if actual != want:
                    problems.append(f"metric {metric!r} = {actual!r}, expected {want!r}")
            else:
                tol = rule.get("tol", 0)
                if not isinstance(actual, (int, float)) or abs(actual - want) > tol:
                    problems.append(f"metric {metric!r} = {actual!r}, expected {want} ± {tol}")
        if "min" in rule and not (isinstance(actual, (int, float)) and actual >= rule["min"]):
            problems.append(f"metric {metric!r} = {actual!r}, expected >= {rule['min']}")
        if "max" in rule and not (isinstance(actual, (int, float)) and actual <= rule["max"]):
            problems.append(f"metric {metric!r} = {actual!r}, expected <= {rule['max']}")
    return [f"{name}: {p}" for p in problems]


def format_quoted(value, fmt: str) -> str:
    """A recorded value as the prose prints it (see "Quoted numbers" above)."""
    if fmt == "string":
        return str(value)
    if not isinstance(value, (int, float)):
        raise ValueError(f"format {fmt!r} needs a number, the run recorded {value!r}")
    m = re.fullmatch(r"(fixed|percent)([0-6])", fmt)
    if fmt == "int":
        return f"{round(value):,}"
    if m:
        digits = int(m.group(2))
        return f"{value * (100 if m.group(1) == 'percent' else 1):.{digits}f}"
    raise ValueError(f"unknown format {fmt!r}; expected int, fixedN, percentN or string")


def check_quotes(name: str, nb, metrics: dict, quotes: list) -> list[str]:
    """Every registered phrase must be in the markdown with the number the run recorded."""
    prose = " ".join(
        re.sub(r"\s+", " ", "".join(c.source) if isinstance(c.source, list) else c.source)
        for c in nb.cells
        if c.cell_type == "markdown"
    )
    prose = re.sub(r"\s+", " ", prose)
    problems = []
    for entry in quotes:
        metric, quote, fmt = entry.get("metric"), entry.get("quote", ""), entry.get("format", "string")
        quote = re.sub(r"\s+", " ", quote)
        if quote.count("{}") != 1:
            problems.append(f"quote {quote!r} of {metric!r} must hold one {{}} where the number stands")
            continue
        if metric not in metrics:
            problems.append(f"quoted metric {metric!r} was not recorded (quote {quote!r})")
            continue
        try:
            shown = format_quoted(metrics[metric], fmt)
        except ValueError as exc:
            problems.append(f"quoted metric {metric!r}: {exc}")
            continue
        if quote.replace("{}", shown) in prose:
            continue
        before, after = (re.escape(part) for part in quote.split("{}"))
        found = re.findall(before + r"([-−]?[\d,]*\.?\d+)" + after, prose)
        if found:
            problems.append(
                f"prose quotes {metric!r} as {', '.join(found)} in {quote!r}, but the run recorded {metrics[metric]!r} ({fmt}: {shown})"
            )
        else:
            problems.append(f"the phrase {quote!r} quoting {metric!r} is in no markdown cell")
    return [f"{name}: {p}" for p in problems]


def figure_outputs(nb) -> int:
    """How many outputs hold a figure container (`class="me-figure"` in their text/html)."""
    count = 0
    for cell in nb.cells:
        for o in cell.get("outputs", []):
            html = o.get("data", {}).get("text/html", "")
            html = "".join(html) if isinstance(html, list) else html
            count += html.count('class="me-figure"')
    return count


def declared_figures(nb) -> int:
    figures = meta(nb).get("figures", 0)
    if figures is True:
        return 1
    return int(figures) if isinstance(figures, (int, float)) else 0


def literal(value: str) -> str:
    """A --param value as TypeScript source: numbers, booleans, null and quoted text as written."""
    if value in ("true", "false", "null") or (value[:1] in "\"'" and value[-1:] == value[:1] and len(value) > 1):
        return value
    try:
        float(value)
        return value
    except ValueError:
        return json.dumps(value)


def apply_parameters(name: str, nb, params: list[tuple[str, str]]) -> None:
    """Rewrites `const NAME = ...;` lines of the notebook's parameters cell; raises NotebookFailure."""
    if not params:
        return
    cell = next((c for c in nb.cells if c.cell_type == "code"), None)
    if cell is None or "parameters" not in cell.get("metadata", {}).get("tags", []):
        raise NotebookFailure(f'{name}: --param given, but the first code cell is not tagged "parameters"')
    lines = cell.source.split("\n")
    for key, value in params:
        pattern = re.compile(rf"^(\s*(?:const|let)\s+{re.escape(key)}(?:\s*:\s*[^=]+)?\s*=\s*)(.*?)(;?)(\s*//.*)?$")
        hits = [i for i, line in enumerate(lines) if pattern.match(line)]
        if not hits:
            known = [m.group(1) for line in lines if (m := re.match(r"^\s*(?:const|let)\s+(\w+)", line))]
            raise NotebookFailure(f"{name}: the parameters cell has no {key} (its parameters: {', '.join(known) or 'none'})")
        for i in hits:
            lines[i] = pattern.sub(lambda m: f"{m.group(1)}{literal(value)};{m.group(4) or ''}", lines[i])
    cell.source = "\n".join(lines)


def process_cpu_seconds(pid: int | None) -> float | None:
    """User + system CPU seconds of a process and all its descendants (Linux /proc), else None."""
    if pid is None or not Path("/proc/self/stat").exists():
        return None
    tick = os.sysconf("SC_CLK_TCK")
    stats: dict[int, tuple[int, float]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # after the ")" closing the command: state ppid ... utime (12th) stime (13th)
        stats[int(entry.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / tick)
    if pid not in stats:
        return None
    total, todo = 0.0, [pid]
    while todo:
        p = todo.pop()
        total += stats[p][1]
        todo += [child for child, (parent, _) in stats.items() if parent == p]
    return total


def kernel_pid(client) -> int | None:
    process = getattr(getattr(client.km, "provisioner", None), "process", None)
    return getattr(process, "pid", None)


def first_line(cell) -> str:
    for line in cell.get("source", "").splitlines():
        if line.strip():
            return line.strip()[:80]
    return ""


def execute(path: Path, nb, default_timeout: int, timings: list[dict] | None = None) -> None:
    """Executes nb in place cell by cell; raises NotebookFailure on the first failing cell.

    Appends {"cell", "seconds", "cpuSeconds", "source"} per executed code cell to `timings`."""
    nb_meta = meta(nb)
    nb_timeout = int(nb_meta.get("timeout", default_timeout))
    allow_stderr_nb = bool(nb_meta.get("allow_stderr", False))
    cwd = NOTEBOOKS_DIR if NOTEBOOKS_DIR.is_dir() else path.parent

    def timeout_for(cell) -> int:
        return int(meta(cell).get("timeout", nb_timeout))

    client = NotebookClient(
        nb,
        kernel_name=KERNEL,
        timeout_func=timeout_for,
        allow_errors=False,
        record_timing=False,
        shutdown_kernel="immediate",  # nothing to save; a graceful shutdown only adds seconds
        resources={"metadata": {"path": str(cwd)}},
    )
    name = path.stem
    with client.setup_kernel():
        pid = kernel_pid(client)
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            started, cpu_before = time.monotonic(), process_cpu_seconds(pid)
            try:
                client.execute_cell(cell, index, execution_count=client.code_cells_executed + 1)
            except CellTimeoutError:
                raise NotebookFailure(
                    describe_cell(name, index, cell, f"exceeded its time limit of {timeout_for(cell)} s")
                ) from None
            except CellExecutionError:
                raise NotebookFailure(describe_cell(name, index, cell, "failed")) from None
            except DeadKernelError as exc:
                raise NotebookFailure(describe_cell(name, index, cell, f"killed the kernel ({exc})")) from None
            finally:
                if timings is not None:
                    cpu_after = process_cpu_seconds(pid)
                    timings.append({
                        "cell": index,
                        "seconds": round(time.monotonic() - started, 2),
                        "cpuSeconds": None if cpu_before is None or cpu_after is None else round(cpu_after - cpu_before, 2),
                        "source": first_line(cell),
                    })
            if KERNEL == "deno":
                collect_late_outputs(client, cell, index)
            if stream_text(cell, "stderr").strip() and not (allow_stderr_nb or meta(cell).get("allow_stderr")):
                raise NotebookFailure(
                    describe_cell(name, index, cell, "wrote to stderr")
                    + f'\n  (allow it with notebook or cell metadata "{META_KEY}": {{"allow_stderr": true}})'
                )


def collect_late_outputs(client: NotebookClient, cell, index: int, quiet: float = 0.15) -> None:
    """Adds to `cell` the outputs that arrive after the kernel reported it idle.

    Deno's kernel (2.9) sometimes reports a cell finished before its last outputs reach the iopub
    channel (seen: a cell's last console.log and its recorded metrics missing from the executed
    notebook). JupyterLab still shows them, since it files outputs by their parent message; nbclient
    stops listening at idle. So after each cell on Deno this keeps listening until the channel
    has been quiet for `quiet` seconds."""
    while True:
        try:
            msg = run_sync(client.kc.get_iopub_msg)(timeout=quiet)
        except queue.Empty:
            return
        if msg["msg_type"] in ("stream", "display_data", "update_display_data", "execute_result"):
            client.process_message(msg, cell, index)


def export(name: str, nb) -> dict:
    from nbconvert import HTMLExporter

    OUT_DIR.mkdir(parents=True, exist_ok=True)
    ipynb = OUT_DIR / f"{name}.ipynb"
    html = OUT_DIR / f"{name}.html"
    nbformat.write(nb, str(ipynb))
    body, _ = HTMLExporter().from_notebook_node(nb, resources={"metadata": {"name": name}})
    html.write_text(body, encoding="utf-8")
    return {"ipynb": rel(ipynb), "html": rel(html)}


def rel(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def print_slowest(entries: list[dict], n: int) -> None:
    """Prints each notebook's n slowest cells: wall seconds, kernel CPU seconds, first line."""
    print("slowest cells (wall s / kernel CPU s, cells counted from 0):")
    for e in entries:
        cells = sorted(e["cells"], key=lambda c: -c["seconds"])[:n]
        cpu_total = sum(c["cpuSeconds"] or 0 for c in e["cells"])
        print(f"  {e['name']}  {e['seconds']:.1f} s wall, {cpu_total:.1f} s kernel CPU")
        for c in cells:
            cpu = "?" if c["cpuSeconds"] is None else f"{c['cpuSeconds']:.1f}"
            print(f"    cell {c['cell']:>2}  {c['seconds']:6.1f} s / {cpu:>5} s  {c['source']}")


def main(argv: list[str] | None = None) -> int:
    global OUT_DIR, EXPECTATIONS, KERNEL
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="summary lines, exit 1 on failure")
    parser.add_argument("--export", action="store_true", help="write executed .ipynb and .html to out/notebooks/")
    parser.add_argument("--timeout", type=int, default=300, help="default per-cell time limit in seconds (300)")
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="output folder (out/notebooks)")
    parser.add_argument(
        "--expectations", type=Path, default=EXPECTATIONS, help="expected metrics (test/notebook-expectations.json)"
    )
    parser.add_argument("--quotes", type=Path, default=QUOTES, help="numbers quoted in prose (test/notebook-quotes.json)")
    parser.add_argument(
        "--param", action="append", default=[], metavar="NAME=VALUE", help="set a constant of the parameters cell (repeatable)"
    )
    parser.add_argument(
        "--kernel", choices=["tslab", "deno"], default="tslab",
        help="the kernelspec to run with: tslab (default) or deno (Deno's Jupyter kernel); "
        "with deno, outputs go to out/notebooks/deno/ unless --out says",
    )
    parser.add_argument("--slowest", type=int, default=3, metavar="N", help="print each notebook's N slowest cells (3)")
    parser.add_argument("notebooks", nargs="*", help="notebook files or names (default: notebooks/*.ipynb)")
    args = parser.parse_args(argv)
    params = []
    for item in args.param:
        key, sep, value = item.partition("=")
        if not sep or not re.fullmatch(r"[A-Za-z_]\w*", key):
            print(f"--param wants NAME=VALUE, got {item!r}", file=sys.stderr)
            return 2
        params.append((key, value))
    KERNEL = args.kernel
    if args.out == OUT_DIR and (params or KERNEL != "tslab"):
        parts = ([KERNEL] if KERNEL != "tslab" else []) + [",".join(f"{k}={re.sub(r'[^A-Za-z0-9._-]', '_', v)}" for k, v in params)]
        args.out = OUT_DIR.joinpath(*[p for p in parts if p])
    OUT_DIR, EXPECTATIONS = args.out.resolve(), args.expectations.resolve()
    quotes_path = args.quotes.resolve()

    if args.notebooks:
        paths = []
        for arg in args.notebooks:
            p = Path(arg)
            if not p.exists():
                p = NOTEBOOKS_DIR / (arg if arg.endswith(".ipynb") else arg + ".ipynb")
            if not p.exists():
                print(f"no such notebook: {arg}", file=sys.stderr)
                return 2
            paths.append(p)
    else:
        paths = sorted(NOTEBOOKS_DIR.glob("*.ipynb")) if NOTEBOOKS_DIR.is_dir() else []

    expectations, quotes = {}, {}
    if params:
        print(f"parameters {', '.join(f'{k}={v}' for k, v in params)}: recorded metrics are not checked against {rel(EXPECTATIONS)}")
    else:
        if EXPECTATIONS.exists():
            expectations = json.loads(EXPECTATIONS.read_text(encoding="utf-8"))
        # The prose quotes the tslab run, the lesson's saved outputs. On Deno the t-SNE maps come
        # out slightly different (another V8, so not bit-equal floating point along the way): its
        # runs are held to the same expectations (ranges), not to the prose's last digits.
        if quotes_path.exists() and KERNEL == "tslab":
            quotes = {k: v for k, v in json.loads(quotes_path.read_text(encoding="utf-8")).items() if not k.startswith("$")}

    OUT_DIR.mkdir(parents=True, exist_ok=True)
    manifest_path = OUT_DIR / "manifest.json"
    if manifest_path.exists():
        manifest_path.unlink()  # never leave a manifest from an earlier run behind a crash

    if not paths:
        print(f"no notebooks in {rel(NOTEBOOKS_DIR)}/")

    passed, failed, entries = 0, 0, []
    failures: list[str] = []
    for path in paths:
        name = path.stem
        nb = nbformat.read(str(path), as_version=4)
        started = time.monotonic()
        problems: list[str] = []
        timings: list[dict] = []
        try:
            apply_parameters(name, nb, params)
            if KERNEL != "tslab":  # the executed copy says which kernel ran it
                nb.metadata["kernelspec"] = KERNELSPECS[KERNEL]
            try:
                execute(path, nb, args.timeout, timings)
            except ValueError as exc:
                # Deno's kernel (2.9) once sent a message whose signature did not match its
                # contents (06, the cell that shows the 5.8 MB explorer page; once in four runs).
                # That is the kernel's transport, not the notebook: run it again once, and say so.
                if KERNEL != "deno" or "Invalid Signature" not in str(exc):
                    raise
                print(f"  {name}: Deno's kernel sent a message with an invalid signature ({exc}); running the notebook again", flush=True)
                nb = nbformat.read(str(path), as_version=4)
                apply_parameters(name, nb, params)
                nb.metadata["kernelspec"] = KERNELSPECS[KERNEL]
                timings.clear()
                execute(path, nb, args.timeout, timings)
        except NotebookFailure as exc:
            problems.append(str(exc))
        except Exception:  # the runner itself or the kernel launch broke: still report per notebook
            problems.append(f"{name}: could not run:\n{indent(traceback.format_exc())}")
        seconds = time.monotonic() - started

        metrics = {}
        try:
            metrics = collect_metrics(nb)
        except (NotebookFailure, ValueError) as exc:
            problems.append(f"{name}: {exc}")
        (OUT_DIR / f"{name}.metrics.json").write_text(json.dumps(metrics, indent=2, sort_keys=True) + "\n")
        if not problems and name in expectations:
            problems += check_expectations(name, metrics, expectations[name])
        if not problems and name in quotes:
            problems += check_quotes(name, nb, metrics, quotes[name])

        entry = {
            "name": name,
            "source": rel(path),
            "ok": not problems,
            "seconds": round(seconds, 2),
            "figures": declared_figures(nb),
            "figureOutputs": figure_outputs(nb),
            "metrics": rel(OUT_DIR / f"{name}.metrics.json"),
            "cells": timings,
        }
        if args.export:
            try:
                entry.update(export(name, nb))
            except Exception:
                problems.append(f"{name}: HTML export failed:\n{indent(traceback.format_exc())}")
                entry["ok"] = False
        entries.append(entry)

        mark = "✓" if not problems else "✗"
        print(f"{mark} {name}  {seconds:.1f} s", flush=True)
        if problems:
            failed += 1
            failures += problems
            for p in problems:
                print(indent(p, "  "), file=sys.stderr, flush=True)
        else:
            passed += 1

    if not args.notebooks:
        for missing in sorted(set(expectations) - {p.stem for p in paths}):
            failed += 1
            print(f"✗ {missing}  (listed in {rel(EXPECTATIONS)} but notebooks/{missing}.ipynb does not exist)")

    manifest_path.write_text(json.dumps({"notebooks": entries}, indent=2) + "\n")
    if args.slowest > 0 and entries:
        print_slowest(entries, args.slowest)
    if args.export and entries:
        print(f"executed notebooks and HTML exports: {rel(OUT_DIR)}/ ({len(entries)} notebooks)")
        for e in entries:
            print(f"  {e.get('html', '-')}")
    print(f"notebooks: {passed} passed, {failed} failed", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
