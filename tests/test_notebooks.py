"""Every notebook in ``notebooks/`` runs top to bottom (as Mesa's example tests do).

Each runs in a fresh kernel of this Python (ipykernel's own kernel spec), in a temporary
folder, so a notebook that
writes files cannot touch the repository. A cell that raises fails the test with the
cell's error.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from helpers import REPO
from nbclient import NotebookClient

NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))


EXPECTED = ("01_getting_started.ipynb", "02_big_bang_vs_slow_burn.ipynb",
            "03_incentive_effects.ipynb", "04_fundholding_evaluation.ipynb",
            "is_100k_enough.ipynb")


def test_there_are_notebooks():
    assert sorted(path.name for path in NOTEBOOKS) == sorted(EXPECTED)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebooks_are_stored_without_outputs(path: Path):
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert not cell.get("outputs") and cell.get("execution_count") is None


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs_top_to_bottom(path: Path, tmp_path: Path):
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    errors = [output for cell in notebook.cells if cell.cell_type == "code"
              for output in cell.get("outputs", []) if output.get("output_type") == "error"]
    assert not errors
