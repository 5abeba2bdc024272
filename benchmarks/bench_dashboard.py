"""Benchmark: the workshop dashboard's month at the workshop size, on one core.

Target (issue 7): a month's step under 100 ms, so the page responds at once. Measures,
over a whole run (120 months, April months included, when commissioners form):

- ``step``: the model's month (``HealthEconomy.step``), one scenario (PCT, LCP) and A/B
  (PCT against LCP, two models stepped in lockstep);
- ``view``: the dashboard's per-step update: building the snapshot the page draws
  (charts, network, commissioners, happenings);
- ``page``: pressing Step on the page rendered headless (``solara.render``): step, view
  and Solara's re-render together (the browser's drawing is not included).

Each repeat runs in a fresh child process pinned to core 0 (as ``bench_run.py``).
Writes ``benchmarks/results/dashboard.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results" / "dashboard.json"
TARGET_MS = 100.0
CASES = {"pct": ("pct",), "lcp": ("lcp",), "ab_pct_vs_lcp": ("pct", "lcp")}


def child(case: str, page_months: int) -> None:
    """Time every month of one case; print the timings (milliseconds) as JSON."""
    from sim.dashboard.choices import ArmChoice, Choices
    from sim.dashboard.session import start_session
    from sim.dashboard.workshop import workshop_economy

    models = CASES[case]
    arms = [ArmChoice({("commissioning", "model"): m}) for m in models]
    choices = Choices(workshop_economy(), arms[0], arms[1] if len(arms) > 1 else None)
    started = time.perf_counter()
    session = start_session(choices)
    build_ms = (time.perf_counter() - started) * 1e3
    steps, views = [], []
    while not session.run.finished:
        started = time.perf_counter()
        session.run.step()
        stepped = time.perf_counter()
        session.view()
        steps.append((stepped - started) * 1e3)
        views.append((time.perf_counter() - stepped) * 1e3)
    print(json.dumps({"build_ms": build_ms, "step_ms": steps, "view_ms": views,
                      "page_ms": _page_clicks(choices, page_months)}))


def _page_clicks(choices, months: int) -> list[float]:
    """Milliseconds per Step press on the page rendered headless."""
    import ipyvuetify as v
    import solara

    from sim.dashboard.app import Dashboard
    from sim.dashboard.session import start_session

    session = solara.reactive(start_session(choices))
    _, rc = solara.render(Dashboard(session=session), handle_error=False)
    button = rc.find(v.Btn, children=["Step"]).widget
    times = []
    for _ in range(months):
        started = time.perf_counter()
        button.click()
        times.append((time.perf_counter() - started) * 1e3)
    return times


def summary(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {"median": statistics.median(ordered),
            "p95": ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))],
            "max": ordered[-1]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--page-months", type=int, default=24,
                        help="Step presses timed on the headless page")
    parser.add_argument("--child", choices=sorted(CASES), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.page_months)
        return
    from sim.dashboard.workshop import WORKSHOP_PRACTICES, WORKSHOP_SIZE

    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
    results = {}
    for case in CASES:
        runs = [_run_child(case, args.page_months, env) for _ in range(args.repeats)]
        results[case] = {
            "models": list(CASES[case]),
            "build_ms_median": statistics.median(r["build_ms"] for r in runs),
            **{f"{part}_ms": summary([t for r in runs for t in r[f"{part}_ms"]])
               for part in ("step", "view", "page")},
        }
    report = {"population": WORKSHOP_SIZE, "practices": WORKSHOP_PRACTICES, "months": 120,
              "repeats": args.repeats, "page_months": args.page_months,
              "target": f"a month's step under {TARGET_MS:.0f} ms on one core",
              "cases": results}
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")
    for case, r in results.items():
        print(f"{case:14s} step median {r['step_ms']['median']:5.1f} ms "
              f"(p95 {r['step_ms']['p95']:5.1f}, max {r['step_ms']['max']:5.1f}); "
              f"view median {r['view_ms']['median']:4.1f} ms (max {r['view_ms']['max']:4.1f}); "
              f"Step on the page median {r['page_ms']['median']:5.1f} ms "
              f"(max {r['page_ms']['max']:5.1f})")
    print(f"{WORKSHOP_SIZE:,} people, {WORKSHOP_PRACTICES} practices, one core; "
          f"written to {RESULTS}")


def _run_child(case: str, page_months: int, env: dict) -> dict:
    out = subprocess.run(["taskset", "-c", "0", sys.executable, __file__, "--child", case,
                          "--page-months", str(page_months)],
                         capture_output=True, text=True, check=True, env=env)
    return json.loads(out.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    main()
