"""One benchmark run of gensim's Word2Vec, in its own process: prints a JSON line like bench/ours.mjs.

Usage: .venv/bin/python bench/gensim_run.py '<json: { ratings, options }>'
"""
import json
import resource
import sys
import time

from gensim.models import Word2Vec

NAMES = {"vectorSize": "vector_size", "window": "window", "minCount": "min_count", "sg": "sg",
         "negative": "negative", "epochs": "epochs", "workers": "workers", "seed": "seed", "sample": "sample"}


def read_watchlists(path):
    users, tokens, ratings = {}, {}, 0
    with open(path) as f:
        next(f)
        for line in f:
            user, movie, _ = line.split(",", 2)
            token = tokens.setdefault(movie, movie)
            users.setdefault(user, []).append(token)
            ratings += 1
    return list(users.values()), ratings


def main():
    spec = json.loads(sys.argv[1])
    sentences, ratings = read_watchlists(spec["ratings"])
    params = {NAMES[k]: v for k, v in spec["options"].items() if k in NAMES}
    model = Word2Vec(**params)
    start = time.perf_counter()
    model.build_vocab(sentences)
    vocab_seconds = time.perf_counter() - start
    start = time.perf_counter()
    model.train(sentences, total_examples=model.corpus_count, epochs=model.epochs)
    train_seconds = time.perf_counter() - start
    print(json.dumps({
        "vocabSeconds": vocab_seconds,
        "trainSeconds": train_seconds,
        "words": ratings * model.epochs,
        "vocabulary": len(model.wv),
        "peakMB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }))


if __name__ == "__main__":
    main()
