"""The named migration paths, as timelines placed on a scenario that starts under PBC.

The scenario files ``scenarios/big_bang.toml``, ``slow_burn.toml`` and
``white_paper_2013.toml`` spell the same events out (a test checks they agree); the
dashboard offers these names. Dates are months after the start (a 2010-04 start puts
the big bang in April 2011 and the White Paper's statutory consortia in April 2013).
"""

from __future__ import annotations

from collections.abc import Callable

BIG_BANG = ({"after": 12, "event": "invite_bids"},)
SLOW_BURN = ({"after": 12, "event": "select_pilots", "count": 2},
             {"after": 24, "event": "open_lcp_status"})
WHITE_PAPER_2013 = ({"after": 12, "event": "adopt_model", "model": "consortia",
                     "shadow": True},
                    {"after": 36, "event": "make_budgets_real"},
                    {"after": 36, "event": "abolish_pct"})


def _path(events: tuple[dict, ...]) -> Callable:
    def place(scenario):
        """``scenario`` (starting under PBC) with this path's timeline added."""
        clock = scenario.clock
        timeline = [event.model_dump() for event in scenario.timeline] + [
            {"date": clock.label(e["after"]), **{k: v for k, v in e.items() if k != "after"}}
            for e in events]
        return scenario.with_overrides(f"{scenario.name} with a migration path",
                                       commissioning={"model": "pbc"}, timeline=timeline)
    return place


def _no_path(scenario):
    """The scenario as it is."""
    return scenario


PATHS: dict[str, Callable] = {
    "none": _no_path,
    "big_bang": _path(BIG_BANG),
    "slow_burn": _path(SLOW_BURN),
    "white_paper_2013": _path(WHITE_PAPER_2013),
}
