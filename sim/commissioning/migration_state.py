"""The migration state a run carries: transitions under way, LCP status, and what
happens each April on a slow-burn path (partnerships climb stages, neighbours join,
clusters win LCP status)."""

from __future__ import annotations

from sim.commissioning import pilots, transition


class MigrationState:
    """Per run: the transitions under way and whether LCP status is open."""

    def __init__(self, system) -> None:
        self.system = system
        self.transitions: list[transition.Transition] = []
        self.lcp_status = None  # the open_lcp_status event's criteria, once open

    def start_year(self, month: int) -> None:
        """April: staged partnerships move up, neighbours join, clusters win status."""
        model = self.system.model
        if not pilots.partnerships(model) and self.lcp_status is None:
            return
        if self.system.regime.name == "pbc":
            pilots.join_neighbours(model)
            if self.lcp_status is not None:
                pilots.award_lcp_status(model, self.lcp_status)
        pilots.climb_stages(model)

    def pay(self, ledger, month: int, care) -> None:
        transition.pay(self.system.model, ledger, month, care)
