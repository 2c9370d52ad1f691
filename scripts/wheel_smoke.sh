#!/usr/bin/env bash
# Build the wheel, install it (not editable) into a fresh venv, and run songsmith from a
# directory outside the source tree, on the samples shipped inside the wheel.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
python="${PYTHON:-python3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
constraints="${CONSTRAINTS:-$root/constraints.txt}"
# built with the venv's locked setuptools (no isolation: nothing fetched, nothing newer)
"$python" -m build --wheel --no-isolation --outdir "$work/dist" "$root" >"$work/build.log" 2>&1 \
    || { cat "$work/build.log"; exit 1; }
if grep -E -i "warning" "$work/build.log" | grep -v -E "byte-compiling is disabled"; then
    echo "wheel smoke: the build printed warnings (above)" >&2
    exit 1
fi
wheel="$(ls "$work"/dist/*.whl)"
python3 -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet --quiet --disable-pip-version-check \
    --constraint "$constraints" "$wheel"
cd "$work"
"$work/venv/bin/python" - <<'PY'
import subprocess, sys, pathlib
from importlib import resources
import songsmith
assert "site-packages" in songsmith.__file__, songsmith.__file__
corpora = resources.files("songsmith.corpora")
samples = sorted(str(p) for p in pathlib.Path(str(corpora)).rglob("*.yaml"))
assert samples, "no sample files shipped in the wheel"
words = resources.files("songsmith.prompts") / "lint" / "style-words.yaml"
assert words.is_file(), "prompts/ data missing from the wheel"
from songsmith.style.mood_model import load_model
assert load_model() is not None, "the mood model (prompts/moods/model.json) missing from the wheel"
bin_ = pathlib.Path(sys.executable).parent / "songsmith"
subprocess.run([str(bin_), "--help"], check=True, capture_output=True)
result = subprocess.run([str(bin_), "check", *samples], capture_output=True, text=True)
print(result.stdout, result.stderr, sep="")
assert result.returncode == 0, f"songsmith check failed with {result.returncode}"
poem = next(p for p in samples if p.endswith("jing-ye-si.yaml"))
out = pathlib.Path.cwd() / "out"
result = subprocess.run([str(bin_), "render", poem, "-o", str(out), "--target", "all"], capture_output=True, text=True)
print(result.stdout, result.stderr, sep="")
assert result.returncode == 0, f"songsmith render failed with {result.returncode}"
manifest = out / "jing-ye-si" / "manifest.json"
assert manifest.is_file(), "render --target all wrote no manifest"
copied = pathlib.Path.cwd() / "samples"
subprocess.run([str(bin_), "samples", str(copied)], capture_output=True, text=True, check=True)
result = subprocess.run([str(bin_), "render", str(copied), "-o", str(pathlib.Path.cwd() / "out-samples"),
                         "--target", "suno"], capture_output=True, text=True)
assert result.returncode == 0, f"render of the copied samples failed: {result.stderr}"
result = subprocess.run([str(bin_), "analyze", "--json", poem], capture_output=True, text=True, check=True)
assert '"mood"' in result.stdout and '"pinyin"' in result.stdout
print(f"wheel smoke: ok ({len(samples)} shipped samples checked, render --target all and analyze "
      f"run from {pathlib.Path.cwd()})")
PY
