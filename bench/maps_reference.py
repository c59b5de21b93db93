"""The reference side of the maps benchmark, in its own process: prints one JSON line like bench/maps_ours.mjs.

Usage: .venv/bin/python bench/maps_reference.py '<json: { library, data, out, iterations }>'
  library "openTSNE": openTSNE.TSNE(perplexity=30, random_state=1, n_jobs=1) with its defaults (PCA init,
      learning rate N / exaggeration, 250 exaggerated + n_iter = iterations - 250 steps; negative gradient
      "auto": Barnes-Hut below 10,000 points, FFT interpolation from 10,000)
  library "sklearn": sklearn.manifold.TSNE(perplexity=30, random_state=1, init="pca", learning_rate="auto",
      max_iter=iterations), Barnes-Hut (angle 0.5); run with OMP_NUM_THREADS=1 like ours
  The layout goes to `out` (.npy, rows x 2, float32).
"""
import json
import resource
import sys
import time

import numpy as np


def main(spec):
    X = np.load(spec["data"]).astype(np.float32)
    wall, cpu = time.perf_counter(), time.process_time()
    if spec["library"] == "openTSNE":
        import openTSNE

        embedding = openTSNE.TSNE(perplexity=30, random_state=1, n_jobs=1, n_iter=spec["iterations"] - 250).fit(X)
        layout, kl, version = np.asarray(embedding), float(embedding.kl_divergence), openTSNE.__version__
    else:
        import sklearn
        from sklearn.manifold import TSNE

        model = TSNE(perplexity=30, random_state=1, init="pca", learning_rate="auto", max_iter=spec["iterations"])
        layout = model.fit_transform(X)
        kl, version = float(model.kl_divergence_), sklearn.__version__
    seconds, cpu_seconds = time.perf_counter() - wall, time.process_time() - cpu
    np.save(spec["out"], layout.astype(np.float32))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": seconds, "cpuSeconds": cpu_seconds, "kl": kl, "peakMB": peak_mb, "version": version}


if __name__ == "__main__":
    print(json.dumps(main(json.loads(sys.argv[1]))))
