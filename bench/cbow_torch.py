"""One CBOW benchmark run of the same model in PyTorch (CPU), in its own process: prints a JSON line
like bench/cbow_ours.mjs.

Reads the training examples bench/cbow_ours.mjs wrote (the same data), then trains the tutorial's
model: nn.Embedding(V, D) -> sum over the context -> nn.Linear(D, V) -> cross-entropy, Adam, batches
of `batchSize` users' sequences collated into all their windows. Times the training pass of each
epoch (collate, forward, backward, Adam step; wall clock and this process's CPU time, summed over its
threads), with PyTorch's default thread count or `threads`.

Usage: .venv/bin/python bench/cbow_torch.py '<json: { dump, epochs, threads?, options: { vectorSize, learningRate, batchSize } }>'
"""
import json
import sys
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn


class Cbow(nn.Module):
    def __init__(self, vocabulary_size, dim):
        super().__init__()
        self.embedding = nn.Embedding(vocabulary_size, dim)
        self.linear = nn.Linear(dim, vocabulary_size)

    def forward(self, contexts):
        return self.linear(self.embedding(contexts).sum(dim=1))


def main():
    spec = json.loads(sys.argv[1])
    dump = Path(spec["dump"])
    meta = json.loads((dump / "meta.json").read_text())
    options = spec["options"]
    width = 2 * meta["window"]
    contexts = torch.from_numpy(np.fromfile(dump / "contexts.i32", dtype=np.int32).reshape(-1, width).astype(np.int64))
    targets = torch.from_numpy(np.fromfile(dump / "targets.i32", dtype=np.int32).astype(np.int64))
    starts = np.fromfile(dump / "sequence_start.i32", dtype=np.int32)
    ranges = [np.arange(starts[s], starts[s + 1]) for s in range(len(starts) - 1)]
    if spec.get("threads"):
        torch.set_num_threads(spec["threads"])
    torch.manual_seed(1)
    model = Cbow(meta["vocabularySize"], options["vectorSize"])
    optimizer = torch.optim.Adam(model.parameters(), lr=options["learningRate"])
    batch_size = options["batchSize"]
    epoch_seconds, epoch_cpu_seconds = [], []
    loss_sum, seen = 0.0, 0
    for _ in range(spec["epochs"]):
        started, cpu_started = time.perf_counter(), time.process_time()
        order = torch.randperm(len(ranges)).tolist()
        loss_sum, seen = 0.0, 0
        for b in range(0, len(order), batch_size):
            ids = torch.from_numpy(np.concatenate([ranges[s] for s in order[b : b + batch_size]]))
            if len(ids) == 0:
                continue
            loss = F.cross_entropy(model(contexts[ids]), targets[ids])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            loss_sum += loss.item() * len(ids)
            seen += len(ids)
        epoch_seconds.append(time.perf_counter() - started)
        epoch_cpu_seconds.append(time.process_time() - cpu_started)
    print(json.dumps({"epochSeconds": epoch_seconds, "epochCpuSeconds": epoch_cpu_seconds, "trainExamples": int(targets.shape[0]), "threads": torch.get_num_threads(),
                      "torch": torch.__version__, "finalTrainLoss": loss_sum / max(seen, 1)}))


if __name__ == "__main__":
    main()
