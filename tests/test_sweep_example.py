"""Smoke run of the documented sweep commands (docs/sweeps-and-decisions.md) on
``sweeps/example.toml``, as shipped."""

from __future__ import annotations

import pandas as pd
from helpers import REPO

from sim.cli import EXIT_OK, main


def test_example_sweep_and_its_report(tmp_path, capsys):
    out = tmp_path / "example"
    assert main(["sweep", str(REPO / "sweeps" / "example.toml"), "--out", str(out),
                 "--quiet"]) == EXIT_OK
    assert len(list((out / "runs").glob("*.parquet"))) == 24
    assert main(["sweep-report", str(out)]) == EXIT_OK
    indices = pd.read_csv(out / "report" / "sensitivity.csv")
    assert set(indices["arm"]) == {"marginal-30pct", "full-tariff"}
    assert set(indices["parameter"]) == {"pbr_short_stay_growth", "emergency_ltc_ratio"}
    differences = pd.read_csv(out / "report" / "differences.csv")
    assert len(differences) == 6 * 3  # 6 design rows x 3 outcomes: full tariff - 30%
    assert "Sweep `example`" in (out / "report" / "summary.md").read_text()
