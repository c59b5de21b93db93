"""Trains gensim's Word2Vec on given sentences and saves the vectors in word2vec text format.

Usage: .venv/bin/python bench/gensim_vectors.py '<json: { sentences, options, out }>'
  sentences: a file with one sentence per line, tokens separated by spaces
  options: our option names (vectorSize, window, minCount, sg, negative, epochs, sample, workers, seed)
Prints a JSON line with the training time.
"""
import json
import sys
import time

from gensim.models import Word2Vec

NAMES = {"vectorSize": "vector_size", "window": "window", "minCount": "min_count", "sg": "sg",
         "negative": "negative", "epochs": "epochs", "workers": "workers", "seed": "seed", "sample": "sample"}


def main():
    spec = json.loads(sys.argv[1])
    with open(spec["sentences"]) as f:
        sentences = [line.split() for line in f]
    params = {NAMES[k]: v for k, v in spec["options"].items() if k in NAMES}
    start = time.perf_counter()
    model = Word2Vec(sentences, **params)
    seconds = time.perf_counter() - start
    model.wv.save_word2vec_format(spec["out"])
    print(json.dumps({"trainSeconds": seconds}))


if __name__ == "__main__":
    main()
