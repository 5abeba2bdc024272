"""The patient rules: each person's monthly rate of every event.

These functions are the single statement of the rules. They work on numpy arrays (the
vectorised model) and on one person's scalars alike (the one-agent-per-patient reference
in ``sim.reference``), so both implementations follow the same rules by construction.

Person-level multipliers (conditions, frailty, deprivation) are *standardised within
each age band* on the starting population (``Standardisers``): at the start the band
rates equal the calibration targets, and afterwards they move as the population's
conditions and frailty change. That is the calibration method for band-level rates.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.age_profile import BANDS, AgeProfile, band_of
from sim.parameters import Parameters
from sim.population import expected_ltc

MONTHS_PER_YEAR = 12.0


def mortality_multiplier(ltc, log_frailty, params: Parameters):
    """Relative death rate from conditions and frailty (before standardisation)."""
    return np.exp(ltc * np.log(params.mortality_ltc_ratio) + log_frailty)


def mortality_per_month(age, band, ltc, log_frailty, params: Parameters, norm: np.ndarray):
    """Probability-rate of death this month (Gompertz-Makeham by age)."""
    per_year = (np.exp(params.mortality_log_intercept + params.mortality_age_gradient * age)
                + params.mortality_background + params.mortality_infant * (age < 1.0))
    return per_year * mortality_multiplier(ltc, log_frailty, params) / norm[band] / MONTHS_PER_YEAR


def ltc_onset_per_month(age, deprivation, params: Parameters):
    """Rate of a new long-term condition: the slope of ``expected_ltc`` with age."""
    return params.ltc_age_gradient * expected_ltc(age, deprivation, params) / MONTHS_PER_YEAR


def emergency_multiplier(ltc, log_frailty, deprivation, params: Parameters):
    """Relative emergency-admission risk from conditions, frailty and deprivation."""
    return np.exp(ltc * np.log(params.emergency_ltc_ratio) + log_frailty
                  + deprivation * (np.log(params.emergency_deprivation_ratio) / 4.0))


def emergency_per_month(band, ltc, log_frailty, deprivation, params: Parameters,
                        profile: AgeProfile, norm: np.ndarray, provider_factor=1.0):
    """Emergency admissions expected this month.

    ``provider_factor`` is the trust's admitting behaviour (short-stay admissions
    under payment by results) and, later, commissioning effects.
    """
    band_rate = profile["emergency_admissions_per_1000"][band] / 1000.0 / MONTHS_PER_YEAR
    multiplier = emergency_multiplier(ltc, log_frailty, deprivation, params)
    return band_rate * multiplier / norm[band] * provider_factor


def acs_share(ltc, params: Parameters):
    """Share of a person's emergency admissions that are ambulatory-care-sensitive."""
    return params.acs_share_without_ltc + params.acs_share_per_ltc * np.minimum(ltc, 4)


def consultation_multiplier(ltc, gp_propensity, params: Parameters):
    """Relative GP consultation rate from conditions and personal propensity."""
    return np.exp(ltc * np.log(params.gp_consultation_ltc_ratio)) * gp_propensity


def consultations_per_month(band, ltc, gp_propensity, params: Parameters,
                            profile: AgeProfile, norm: np.ndarray, level: float):
    """GP consultations expected this month; ``level`` scales the age profile to target."""
    relative = profile["gp_consultations_relative"][band]
    return (level * relative * consultation_multiplier(ltc, gp_propensity, params)
            / norm[band] / MONTHS_PER_YEAR)


def referral_multiplier(ltc, deprivation, params: Parameters):
    """Relative GP referral rate from conditions and deprivation."""
    return (np.exp(ltc * np.log(params.referral_ltc_ratio))
            * (1.0 + params.referral_deprivation_gradient * deprivation))


def gp_referrals_per_month(band, ltc, deprivation, practice_propensity, params: Parameters,
                           profile: AgeProfile, level: float):
    """GP referrals to a first outpatient appointment expected this month."""
    relative = profile["referral_relative"][band]
    return (level * relative * referral_multiplier(ltc, deprivation, params)
            * practice_propensity / MONTHS_PER_YEAR)


def other_first_outpatient_per_month(band, ltc, params: Parameters, profile: AgeProfile,
                                     level: float):
    """First outpatient attendances from other sources (consultants, A&E, ...)."""
    relative = profile["referral_relative"][band]
    return level * relative * np.exp(ltc * np.log(params.referral_ltc_ratio)) / MONTHS_PER_YEAR


def ae_per_month(band, log_frailty, deprivation, params: Parameters, profile: AgeProfile,
                 level: float):
    """A&E attendances expected this month."""
    relative = profile["ae_relative"][band]
    return (level * relative * np.exp(0.5 * log_frailty)
            * (1.0 + params.ae_deprivation_gradient * deprivation) / MONTHS_PER_YEAR)


def prescribing_per_month(band, ltc, practice_propensity, params: Parameters,
                          profile: AgeProfile, level: float):
    """Prescription items expected this month."""
    relative = profile["prescribing_relative"][band]
    return (level * relative * np.exp(ltc * np.log(params.prescribing_ltc_ratio))
            * practice_propensity / MONTHS_PER_YEAR)


def hrqol_weight(band, ltc, params: Parameters, profile: AgeProfile, ltc_mean: np.ndarray):
    """Health-related quality of life (EQ-5D index) of a person this month."""
    weight = (profile["hrqol_weight"][band]
              - params.qaly_ltc_decrement * (ltc - ltc_mean[band]))
    return np.clip(weight, 0.0, 1.0)


@dataclass(frozen=True)
class Standardisers:
    """Constants fitted once on the starting population (see the module docstring).

    Band norms make the mean multiplier within each band 1; levels scale relative
    age profiles so the all-ages rate equals its target.
    """

    mortality: np.ndarray
    emergency: np.ndarray
    consultations: np.ndarray
    ltc_mean: np.ndarray
    consultation_level: float
    referral_level: float
    other_first_level: float
    ae_level: float
    prescribing_level: float

    @classmethod
    def fit(cls, age, ltc, log_frailty, deprivation, gp_propensity, practice_referral,
            practice_prescribing, params: Parameters, profile: AgeProfile) -> Standardisers:
        """Fit the norms and levels on the people given (arrays, one row per person)."""
        band = band_of(age)

        def band_mean(values):
            sums = np.bincount(band, weights=values, minlength=len(BANDS))
            counts = np.bincount(band, minlength=len(BANDS))
            return np.where(counts > 0, sums / np.maximum(counts, 1), 1.0)

        def level(target_per_year, relative_rates):
            mean = float(np.mean(relative_rates)) if len(relative_rates) else 1.0
            return target_per_year / mean if mean > 0 else 0.0

        consult_norm = band_mean(consultation_multiplier(ltc, gp_propensity, params))
        relative_consult = profile["gp_consultations_relative"][band]
        referral_rel = profile["referral_relative"][band]
        return cls(
            mortality=band_mean(mortality_multiplier(ltc, log_frailty, params)),
            emergency=band_mean(emergency_multiplier(ltc, log_frailty, deprivation, params)),
            consultations=consult_norm,
            ltc_mean=band_mean(ltc.astype(np.float64)),
            consultation_level=level(params.gp_consultations_per_person_year,
                                     relative_consult),
            referral_level=level(params.gp_referrals_per_1000 / 1000.0, referral_rel
                                 * referral_multiplier(ltc, deprivation, params)
                                 * practice_referral),
            other_first_level=level(params.other_first_outpatient_per_1000 / 1000.0,
                                    referral_rel * params.referral_ltc_ratio ** ltc),
            ae_level=level(params.ae_attendances_per_1000 / 1000.0,
                           profile["ae_relative"][band] * np.exp(0.5 * log_frailty)
                           * (1.0 + params.ae_deprivation_gradient * deprivation)),
            prescribing_level=level(params.prescribing_items_per_head,
                                    profile["prescribing_relative"][band]
                                    * params.prescribing_ltc_ratio ** ltc
                                    * practice_prescribing),
        )
