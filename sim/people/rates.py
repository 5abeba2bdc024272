"""The patient rules: each person's monthly rate of every event.

These functions are the single statement of the rules. They work on numpy arrays (the
vectorised model) and on one person's scalars alike (the one-agent-per-patient reference
in ``sim.validity.reference``), so both implementations follow the same rules by construction.
Where the vectorised model needs a pass to be fast it restates a rule in a compiled
kernel (``sim.people.kernels``: the month's care rates, deaths, the yearly refresh of the
multipliers); ``tests/test_kernels.py`` checks each against these functions bit for bit.

Every rate is *band rate x person multiplier* (x a provider factor where organisations
act on it):
- the **person multiplier** depends on conditions, frailty, deprivation and consulting
  propensity, which change rarely, so the vectorised model caches it per person
  (``sim.people.risk_factors``) and refreshes it when they change;
- the **band rate** (``BandRates``) is fitted once on the starting population. For
  mortality, emergency admissions and consultations the multiplier is standardised
  within each age band, so at the start each band's rate equals its target; for the
  other events a single level scales the age profile to the all-ages target. This is
  the calibration method for these rates; afterwards they move as the population's
  conditions and frailty change.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from sim.people.age_profile import BANDS, AgeProfile, band_of
from sim.people.conditions import emergency_ratio
from sim.people.population import expected_ltc
from sim.people.severity import emergency_severity_ratio, mortality_severity_ratio

if TYPE_CHECKING:
    from sim.world_parameters import WorldParameters

MONTHS_PER_YEAR = 12.0
MAX_EVENT_DEATH = 0.5  # assumption: no band's acute events kill more than half within 30 days
MAX_CANCER_DEATH_SHARE = 0.8  # assumption: a ceiling, so no band's other deaths vanish


# --- person multipliers ---------------------------------------------------------------
def mortality_multiplier(ltc, log_frailty, conditions, severe, params: WorldParameters):
    """Relative death rate from conditions (their number, and the severity of the named
    ones: ``sim.people.severity``) and frailty."""
    return (np.exp(ltc * np.log(params.mortality_ltc_ratio) + log_frailty)
            * mortality_severity_ratio(conditions, severe))


def emergency_multiplier(ltc, log_frailty, deprivation, conditions, severe,
                         params: WorldParameters):
    """Relative emergency-admission risk from conditions (their number, the named ones'
    own ratios, ``sim.people.conditions``, and their severity, ``sim.people.severity``),
    frailty and deprivation."""
    return np.exp(ltc * np.log(params.emergency_ltc_ratio) + log_frailty
                  + deprivation * (np.log(params.emergency_deprivation_ratio) / 4.0)
                  ) * emergency_ratio(conditions) * emergency_severity_ratio(conditions, severe)


def consultation_multiplier(ltc, gp_propensity, params: WorldParameters):
    """Relative GP consultation rate from conditions and personal propensity."""
    return np.exp(ltc * np.log(params.gp_consultation_ltc_ratio)) * gp_propensity


def referral_multiplier(ltc, deprivation, params: WorldParameters):
    """Relative GP referral rate from conditions and deprivation."""
    return (np.exp(ltc * np.log(params.referral_ltc_ratio))
            * (1.0 + params.referral_deprivation_gradient * deprivation))


def other_first_multiplier(ltc, params: WorldParameters):
    """Relative rate of first outpatient attendances from other sources."""
    return np.exp(ltc * np.log(params.referral_ltc_ratio))


def ae_multiplier(log_frailty, deprivation, params: WorldParameters):
    """Relative A&E attendance rate from frailty and deprivation."""
    return np.exp(0.5 * log_frailty) * (1.0 + params.ae_deprivation_gradient * deprivation)


def prescribing_multiplier(ltc, params: WorldParameters):
    """Relative prescribing from conditions (most items are repeats for LTCs)."""
    return np.exp(ltc * np.log(params.prescribing_ltc_ratio))


# --- monthly rates ----------------------------------------------------------------------
def gompertz_term(age, params: WorldParameters):
    """The part of the yearly death rate that grows exponentially with age (Gompertz);
    the vectorised model keeps it per person (``sim.people.ageing``)."""
    return np.exp(params.mortality_log_intercept + params.mortality_age_gradient * age)


def gompertz_makeham_per_year(age, params: WorldParameters):
    """Deaths a year by exact age for a person of average risk (Gompertz-Makeham)."""
    return (gompertz_term(age, params)
            + params.mortality_background + params.mortality_infant * (age < 1.0))


def mortality_per_month(age, band, multiplier, params: WorldParameters, rates: BandRates):
    """Probability-rate of death in the community this month (deaths an acute event
    causes are drawn with the event: ``BandRates.event_death``)."""
    return gompertz_makeham_per_year(age, params) * multiplier * rates.mortality[band]


def ltc_onset_per_month(age, deprivation, params: WorldParameters):
    """Rate of a new long-term condition: the slope of ``expected_ltc`` with age."""
    return params.ltc_age_gradient * expected_ltc(age, deprivation, params) / MONTHS_PER_YEAR


def emergency_per_month(band, multiplier, rates: BandRates, provider_factor=1.0):
    """Emergency admissions expected this month.

    ``provider_factor`` is the trust's admitting behaviour (short-stay admissions
    under payment by results) and, later, commissioning effects.
    """
    return rates.emergency[band] * multiplier * provider_factor


def consultations_per_month(band, multiplier, rates: BandRates):
    """GP consultations expected this month."""
    return rates.consultations[band] * multiplier


def gp_referrals_per_month(band, multiplier, practice_propensity, rates: BandRates):
    """GP referrals to a first outpatient appointment expected this month."""
    return rates.referrals[band] * multiplier * practice_propensity


def other_first_outpatient_per_month(band, multiplier, rates: BandRates):
    """First outpatient attendances from other sources (consultants, A&E, ...)."""
    return rates.other_first[band] * multiplier


def ae_per_month(band, multiplier, rates: BandRates):
    """A&E attendances expected this month."""
    return rates.ae[band] * multiplier


def prescribing_per_month(band, multiplier, practice_propensity, rates: BandRates):
    """Prescription items expected this month."""
    return rates.prescribing[band] * multiplier * practice_propensity


def acs_share(ltc, params: WorldParameters):
    """Share of a person's emergency admissions that are ambulatory-care-sensitive."""
    return params.acs_share_without_ltc + params.acs_share_per_ltc * np.minimum(ltc, 4)


def hrqol_weight(band, ltc, params: WorldParameters, profile: AgeProfile, rates: BandRates):
    """Health-related quality of life (EQ-5D index) of a person this month."""
    weight = (profile["hrqol_weight"][band]
              - params.qaly_ltc_decrement * (ltc - rates.ltc_mean[band]))
    return np.clip(weight, 0.0, 1.0)


@dataclass(frozen=True)
class BandRates:
    """Per-band monthly rates for a person whose multiplier is 1 (arrays over BANDS).

    ``mortality`` is the factor applied to the Gompertz-Makeham curve for deaths in the
    community (all deaths but those an acute event causes); ``event_death`` the
    probability that an acute event (an emergency admission that is not supply-driven)
    causes death within 30 days; ``ltc_mean`` the starting mean number of conditions in
    each band (for quality of life).

    The split of deaths: at the start, each band's cancer deaths (drawn by the cancer
    pathway, ``sim.people.cancer``) are taken out first; ``event_death_share`` of the
    other deaths follow acute events, so ``event_death`` is that share of them per
    acute event, and the community rate keeps the rest. Care that prevents an acute
    event then prevents its risk of death; a short stay a trust adds does not change it.
    """

    mortality: np.ndarray
    emergency: np.ndarray
    consultations: np.ndarray
    referrals: np.ndarray
    other_first: np.ndarray
    ae: np.ndarray
    prescribing: np.ndarray
    ltc_mean: np.ndarray
    event_death: np.ndarray

    @classmethod
    def fit(cls, age, ltc, conditions, severe, log_frailty, deprivation, gp_propensity,
            practice_referral, practice_prescribing, cancer_death, cancer_emergency,
            params: WorldParameters, profile: AgeProfile) -> BandRates:
        """Fit on the people given (arrays, one row per person; see the module docstring).

        ``cancer_death`` and ``cancer_emergency`` are each person's yearly rates of
        death from cancer and of an emergency admission that finds one
        (``sim.people.cancer``): both are drawn by the cancer pathway, so each band's
        expected number is taken out of its community death rate and its emergency
        rate, and the totals stay at their targets."""
        band = band_of(age)

        def band_mean(values):
            sums = np.bincount(band, weights=values, minlength=len(BANDS))
            counts = np.bincount(band, minlength=len(BANDS))
            return np.where(counts > 0, sums / np.maximum(counts, 1), 1.0)

        def to_target(target_per_year, relative, multiplier):
            """Monthly band rates: the age profile scaled so the all-ages mean hits target."""
            mean = float(np.mean(relative[band] * multiplier)) if len(band) else 0.0
            level = target_per_year / mean if mean > 0 else 0.0
            return level * relative / MONTHS_PER_YEAR

        consult_relative = profile["gp_consultations_relative"]
        consult_level = params.gp_consultations_per_person_year / float(
            np.mean(consult_relative[band])) if len(band) else 0.0
        emergency_band = profile["emergency_admissions_per_1000"] / 1000.0 / MONTHS_PER_YEAR
        deaths_band = band_mean(gompertz_makeham_per_year(age, params)) / MONTHS_PER_YEAR
        share = params.event_death_share
        cancer_share = np.minimum(band_mean(cancer_death) / MONTHS_PER_YEAR
                                  / np.maximum(deaths_band, 1e-12), MAX_CANCER_DEATH_SHARE)
        other_deaths = deaths_band * (1.0 - cancer_share)
        acute_band = np.maximum(emergency_band - band_mean(cancer_emergency) / MONTHS_PER_YEAR,
                                0.0)
        return cls(
            mortality=(1.0 - share) * (1.0 - cancer_share)
            / band_mean(mortality_multiplier(ltc, log_frailty, conditions, severe,
                                                params)) / MONTHS_PER_YEAR,
            event_death=np.minimum(share * other_deaths / np.maximum(acute_band, 1e-12),
                                   MAX_EVENT_DEATH),
            emergency=acute_band
            / band_mean(emergency_multiplier(ltc, log_frailty, deprivation, conditions,
                                             severe, params)),
            consultations=consult_level * consult_relative / MONTHS_PER_YEAR
            / band_mean(consultation_multiplier(ltc, gp_propensity, params)),
            referrals=to_target(params.gp_referrals_per_1000 / 1000.0,
                                profile["referral_relative"],
                                referral_multiplier(ltc, deprivation, params)
                                * practice_referral),
            other_first=to_target(params.other_first_outpatient_per_1000 / 1000.0,
                                  profile["referral_relative"],
                                  other_first_multiplier(ltc, params)),
            ae=to_target(params.ae_attendances_per_1000 / 1000.0, profile["ae_relative"],
                         ae_multiplier(log_frailty, deprivation, params)),
            prescribing=to_target(params.prescribing_items_per_head,
                                  profile["prescribing_relative"],
                                  prescribing_multiplier(ltc, params) * practice_prescribing),
            ltc_mean=band_mean(ltc.astype(np.float64)),
        )
