#!/usr/bin/env bash
# Create .venv with Python >= 3.12 and install healthsim with its test and docs tools.
# Used by `make` (README) and by .ci/run; safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

find_python() {
  # .python-version (3.12) makes pyenv's python3 resolve to 3.12 inside the repository.
  for candidate in "${PYTHON:-}" python3.12 python3 python; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  return 1
}

if [ ! -x .venv/bin/python ]; then
  python=$(find_python) || {
    echo "bootstrap: Python 3.12 or newer is needed (install it, or set PYTHON=/path/to/python3.12)." >&2
    exit 2
  }
  echo "bootstrap: creating .venv with $($python --version)"
  "$python" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
# constraints.txt holds the exact versions behind the published figures (byte-identical
# outputs need the same numpy, pandas, ... as well as the same code)
.venv/bin/python -m pip install --quiet -c constraints.txt -e '.[dev,docs]'
echo "bootstrap: ready ($(.venv/bin/python --version), healthsim $(.venv/bin/python -c 'import sim; print(sim.__version__)'))"
