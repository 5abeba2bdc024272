"""General practices and their GPs."""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa
import numpy as np

from sim.people.draws import lognormal_mean_one
from sim.people.kernels import mean_of_few

if TYPE_CHECKING:
    from sim.world_parameters import WorldParameters



class GPPractice(mesa.Agent):
    """A practice: its list, its GPs, and how it refers and prescribes.

    Real practices differ widely in referral and prescribing after case mix (seed 003),
    and in emergency admissions (access, continuity, the nearest A&E);
    ``referral_propensity``, ``prescribing_propensity`` and ``emergency_propensity``
    carry that difference.
    """

    def __init__(self, model: mesa.Model, index: int, locality: int,
                 main_trust: int, referral_propensity: float,
                 prescribing_propensity: float, quality: float,
                 emergency_propensity: float = 1.0) -> None:
        super().__init__(model)
        self.index = index
        self.name = f"practice_{index:03d}"
        self.locality = locality
        self.main_trust = main_trust
        self.referral_propensity = referral_propensity
        self.prescribing_propensity = prescribing_propensity
        self.emergency_propensity = emergency_propensity
        self.quality = quality
        self.list_size = 0
        self.gps: list[GP] = []
        self.commissioner = None  # the Commissioner it belongs to, if any
        # what engagement has changed (sim.commissioning.engagement): factors on its rates
        self.referral_factor = 1.0
        self.prescribing_factor = 1.0
        self.emergency_factor = 1.0
        self.progression_factor = 1.0  # on its patients' progression to severe disease
        self.outpatient_substitution = 0.0  # share of first attendances in the community
        # interest of its GPs in joining the regime's voluntary model (0-1; set monthly,
        # sim.commissioning.engagement.joining_interest)
        self.joining_interest = 0.0

    @property
    def engagement(self) -> float:
        """Mean engagement of the practice's GPs."""
        return mean_of_few([gp.engagement for gp in self.gps]) if self.gps else 0.0


class GP(mesa.Agent):
    """A GP: engagement in commissioning, leadership, what motivates them, and a
    persistent attitude to commissioning (GPs differ for good: enthusiasts stay keener
    than sceptics under the same deal)."""

    def __init__(self, model: mesa.Model, practice: GPPractice, engagement: float,
                 leader: bool, financial_motivation: float, attitude: float = 0.0) -> None:
        super().__init__(model)
        self.practice = practice
        self.engagement = engagement
        self.attitude = attitude  # persistent, logit scale (sim.commissioning.engagement)
        self.leader = leader
        self.financial_motivation = financial_motivation
        practice.gps.append(self)


def draw_propensities(n_practices: int, params: WorldParameters,
                      rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Practice referral, prescribing and emergency-admission propensities (lognormal,
    mean 1)."""
    return (lognormal_mean_one(params.referral_practice_sd, n_practices, rng),
            lognormal_mean_one(params.prescribing_practice_sd, n_practices, rng),
            lognormal_mean_one(params.emergency_practice_sd, n_practices, rng))


def draw_attitudes(count: int, params: WorldParameters,
                   rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """GPs' persistent attitudes (normal on the logit scale, sd ``gp_attitude_sd``) and
    their starting engagement: the mean engagement shifted by the attitude, so a GP
    starts where their attitude leads with no deal on offer."""
    attitude = rng.normal(0.0, params.gp_attitude_sd, count)
    base = np.log(params.gp_engagement_mean / (1 - params.gp_engagement_mean))
    return attitude, 1.0 / (1.0 + np.exp(-(base + attitude)))
