"""The reference side of the NCF benchmark, in its own process: prints one JSON line like bench/ncf_ours.mjs.

Usage: .venv/bin/python bench/ncf_torch.py '<json: { task, ... }>'
  train:   { task, optimizer: "dense"|"lazy", epochs, exportDir }  the same rating model in PyTorch CPU on the
           train.csv/test.csv that ncf_ours.mjs exported: embeddings + biases, sigmoid scaled to [0.5, 5], MSE +
           L2 1e-6 on the embedding tables, batch 64. dense: torch.optim.Adam over full tables (the penalty over
           whole tables); lazy: nn.Embedding(sparse=True) + torch.optim.SparseAdam (the penalty over the batch's rows).
           One intra-op thread unless "threads" is given.
  latency: { task, rows, dim, queries }  NumPy top-10 cosine over random unit vectors (matrix-vector + argpartition)
"""
import json
import sys
import time

import numpy as np


def read(path):
    with open(path) as f:
        header = f.readline().strip().split(",")
        users = int(header[3].split("=")[1])
        movies = int(header[4].split("=")[1])
    data = np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.float64)
    return users, movies, data[:, 0].astype(np.int64), data[:, 1].astype(np.int64), data[:, 2].astype(np.float32)


def train(spec):
    import torch

    # One thread, as ours: on 2 shared cores two intra-op threads spin against each other (measured
    # here: 76 ms per Adam step with 2 threads under load, 3.8 ms with 1).
    torch.set_num_threads(spec.get("threads", 1))
    torch.manual_seed(1)
    users, movies, u, m, r = read(f"{spec['exportDir']}/train.csv")
    _, _, tu, tm, tr = read(f"{spec['exportDir']}/test.csv")
    sparse = spec["optimizer"] == "lazy"
    dim, l2 = 50, 1e-6

    def table(rows, width):
        e = torch.nn.Embedding(rows, width, sparse=sparse)
        torch.nn.init.trunc_normal_(e.weight, std=(2 / rows) ** 0.5 / 0.8796, a=-2 * (2 / rows) ** 0.5 / 0.8796, b=2 * (2 / rows) ** 0.5 / 0.8796)
        return e

    U, M, bu, bm = table(users, dim), table(movies, dim), table(users, 1), table(movies, 1)
    params = [U.weight, M.weight, bu.weight, bm.weight]
    opt = torch.optim.SparseAdam(params, lr=0.001) if sparse else torch.optim.Adam(params, lr=0.001)
    u, m, r = torch.from_numpy(u), torch.from_numpy(m), torch.from_numpy(r)
    n = len(r)

    def predict(uu, mm):
        z = (U(uu) * M(mm)).sum(1) + bu(uu).squeeze(1) + bm(mm).squeeze(1)
        return 0.5 + 4.5 * torch.sigmoid(z)

    per_epoch, cpu_per_epoch = [], []
    for _ in range(spec["epochs"]):
        start, cpu_start = time.perf_counter(), time.process_time()
        order = torch.randperm(n)
        for s in range(0, n, 64):
            idx = order[s:s + 64]
            uu, mm = u[idx], m[idx]
            loss = torch.mean((predict(uu, mm) - r[idx]) ** 2)
            if sparse:
                loss = loss + l2 * (U(uu.unique()).pow(2).sum() + M(mm.unique()).pow(2).sum())
            else:
                loss = loss + l2 * (U.weight.pow(2).sum() + M.weight.pow(2).sum())
            opt.zero_grad()
            loss.backward()
            opt.step()
        per_epoch.append(time.perf_counter() - start)
        cpu_per_epoch.append(time.process_time() - cpu_start)
    with torch.no_grad():
        err = predict(torch.from_numpy(tu), torch.from_numpy(tm)) - torch.from_numpy(tr)
        held_out = float(torch.sqrt(torch.mean(err ** 2)))
    return {"secondsPerEpoch": float(np.median(per_epoch)), "perEpoch": per_epoch, "cpuSecondsPerEpoch": float(np.median(cpu_per_epoch)), "batches": (n + 63) // 64,
            "heldOutRmse": held_out, "threads": torch.get_num_threads(), "torch": torch.__version__}


def latency(spec):
    rows, dim, queries = spec["rows"], spec["dim"], spec["queries"]
    rng = np.random.default_rng(1)
    v = rng.standard_normal((rows, dim)).astype(np.float32)
    unit = v / np.linalg.norm(v, axis=1, keepdims=True)

    def query(i, ids):
        q = unit[ids].mean(0)
        scores = unit @ (q / np.linalg.norm(q))
        scores[ids] = -np.inf
        top = np.argpartition(-scores, 10)[:10]
        return top[np.argsort(-scores[top])]

    def timed(make_ids):
        for i in range(200):
            query(i, make_ids(i))
        times = []
        for i in range(queries):
            start = time.perf_counter()
            query(i, make_ids(i))
            times.append((time.perf_counter() - start) * 1e6)
        return float(np.median(times))

    return {"mostSimilarMicros": timed(lambda i: [(i * 7) % rows]),
            "threeMovieMicros": timed(lambda i: [i % rows, (i * 7 + 1) % rows, (i * 13 + 2) % rows])}


if __name__ == "__main__":
    spec = json.loads(sys.argv[1])
    print(json.dumps({"train": train, "latency": latency}[spec["task"]](spec)))
