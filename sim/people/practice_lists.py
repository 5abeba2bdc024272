"""Practice lists that differ as England's do: size, age mix and deprivation.

Budget risk and fair shares are questions about variation between practices, so the
synthetic lists must range as real ones do, from student practices to retirement-town
lists and from the least to the most deprived areas (calibration targets
``practice_share_*_sd``, ``practice_imd_score_*`` and ``practice_list_size_cv``:
7,478 English practices in 2014-15, BJGP 2017;67(664):e792).

Each practice draws three numbers:

- a **list size** (lognormal; ``practice_size_sd``);
- a **deprivation level** ``z`` (standard normal), shared in part with the other
  practices of its locality (``locality_deprivation_share``), so neighbours are alike;
- an **age tilt** towards older people (``practice_age_tilt_sd``, leaning young in
  deprived areas: ``age_tilt_deprivation_correlation``) and a **young-adult tilt**
  (``practice_young_adult_tilt_sd``: university towns, city centres).

Its people then draw their age band from the ONS shares tilted by the practice, so the
practice's share aged 65+ follows its tilt; the untilted shares are solved so that the
whole area still has England's age structure. Each person's neighbourhood deprivation
is an IMD score drawn from the national distribution of neighbourhood scores, correlated
with the practice's level (``practice_deprivation_correlation``), so quintiles are
national ones (a fifth of England in each) while practices lean one way or the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from sim.people.age_profile import BAND_LOWER_AGES, BANDS, OLDEST_AGE, AgeProfile
from sim.people.blocks import row_blocks
from sim.people.kernels import count_below

if TYPE_CHECKING:
    from sim.world_parameters import WorldParameters

# How strongly each band follows a practice's tilts (0 = not at all). The old tilt moves
# the 65+ bands against the rest; the young-adult tilt moves 15-44 (students and young
# workers) against children and older adults. assumption: the shapes of the practice
# age mixes in the BJGP 2017 table, where the share aged 0-4 varies far less between
# practices than the shares aged 65-74 and 75+.
OLD_TILT_LOADING = np.array([0.0, 0.0, 0.0, 0.0, 0.5, 1.0, 1.0, 1.0])
YOUNG_ADULT_TILT_LOADING = np.array([-0.2, -0.2, 1.0, 0.5, 0.0, 0.0, 0.0, 0.0])

# National distribution of neighbourhood (LSOA) IMD scores, as a lognormal through the
# quintile boundaries (approximately 8.5, 13.8, 21.4 and 34.2 in the English Indices of
# Deprivation 2010 and 2015): median exp(2.836) = 17.0, log sd 0.828. approximate: the
# lognormal overstates the top tail a little (mean 24.0 against about 21.7).
IMD_LOG_MEDIAN = 2.836
IMD_LOG_SD = 0.828
IMD_QUINTILE_BOUNDARIES = np.array([8.49, 13.79, 21.35, 34.18])  # IMD score (least first)

SOLVE_ROUNDS = 30  # fixed-point rounds to match the area's age shares (converges in ~10)
OVER_85_MEAN_YEARS = 6.5  # years; assumption: ages over 85 fall off exponentially, mean near
# the life expectancy at 85 in England (about 6 years for men and 7 for women, ONS 2009)


@dataclass(frozen=True)
class PracticeLists:
    """The synthetic people, before conditions and risks: one entry per person."""

    practice: np.ndarray
    age: np.ndarray
    imd_score: np.ndarray  # neighbourhood IMD score (higher = more deprived)
    deprivation: np.ndarray  # national quintile, 0 = least deprived, 4 = most


def draw_practice_lists(size: int, n_practices: int, params: WorldParameters,
                        profile: AgeProfile, rng: np.random.Generator) -> PracticeLists:
    """Draw every practice's list: sizes, then each person's age and neighbourhood."""
    list_sizes = split_integer(size, rng.lognormal(0.0, params.practice_size_sd, n_practices))
    level = _deprivation_levels(n_practices, params, rng)
    old, young = _age_tilts(level, params, rng)
    # people in random order: rows sorted by practice would make every per-practice
    # bincount of the run add into one counter after another (several times slower)
    practice = rng.permutation(np.repeat(np.arange(n_practices), list_sizes))
    shares = _tilted_band_shares(profile["population_share"], old, young, list_sizes)
    band = _draw_bands(shares, practice, rng)
    age = draw_ages_within_bands(band, profile["population_share"], rng)
    score = _draw_imd_scores(level, practice, params, rng)
    return PracticeLists(practice, age, score, imd_quintile(score))


def imd_quintile(score: np.ndarray) -> np.ndarray:
    """National deprivation quintile (0 least deprived, 4 most) of IMD scores."""
    return np.searchsorted(IMD_QUINTILE_BOUNDARIES, score).astype(np.int8)


def split_integer(total: int, weights: np.ndarray) -> np.ndarray:
    """Split ``total`` into integer parts proportional to ``weights`` (largest remainder)."""
    exact = total * weights / weights.sum()
    parts = np.floor(exact).astype(np.int64)
    remainder = total - parts.sum()
    parts[np.argsort(parts - exact)[:remainder]] += 1
    return parts


def _deprivation_levels(n_practices: int, params: WorldParameters,
                        rng: np.random.Generator) -> np.ndarray:
    """Each practice's deprivation level (standard normal), shared within its locality."""
    per_locality = params.practices_per_locality
    localities = rng.standard_normal(-(-n_practices // per_locality))
    shared = params.locality_deprivation_share
    own = rng.standard_normal(n_practices)
    return (np.sqrt(shared) * localities[np.arange(n_practices) // per_locality]
            + np.sqrt(1.0 - shared) * own)


def _age_tilts(level: np.ndarray, params: WorldParameters,
               rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Each practice's old and young-adult tilts (log-odds scale)."""
    rho = params.age_tilt_deprivation_correlation
    old = params.practice_age_tilt_sd * (-rho * level + np.sqrt(1.0 - rho * rho)
                                         * rng.standard_normal(len(level)))
    young = params.practice_young_adult_tilt_sd * rng.standard_normal(len(level))
    return old, young


def _tilted_band_shares(area_shares: np.ndarray, old: np.ndarray, young: np.ndarray,
                        list_sizes: np.ndarray) -> np.ndarray:
    """Band shares per practice (rows), with the area's list-weighted shares kept.

    The untilted base is found by fixed-point iteration: scale each band's base by how
    far the area's shares fall short of the target, until they agree.
    """
    target = area_shares / area_shares.sum()
    tilt = np.exp(np.outer(old, OLD_TILT_LOADING) + np.outer(young, YOUNG_ADULT_TILT_LOADING))
    weight = list_sizes / max(list_sizes.sum(), 1)
    base = target.copy()
    for _ in range(SOLVE_ROUNDS):
        shares = base * tilt
        shares /= shares.sum(axis=1, keepdims=True)
        base *= target / (weight @ shares)
    shares = base * tilt
    return shares / shares.sum(axis=1, keepdims=True)


def _draw_bands(shares: np.ndarray, practice: np.ndarray,
                rng: np.random.Generator) -> np.ndarray:
    """One age band per person from their practice's band shares (``shares``: one row
    per practice). The running totals are summed per practice, then looked up for each
    person: the same sums as summing each person's row, without a pass over everyone."""
    u = rng.random(len(practice))
    return np.minimum(count_below(np.cumsum(shares, axis=1), practice, u), len(BANDS) - 1)


def draw_ages_within_bands(band: np.ndarray, area_shares: np.ndarray,
                           rng: np.random.Generator) -> np.ndarray:
    """Exact ages within each band from a density continuous across band edges.

    Uniform ages within a band would put as many people at 84 as at 75, and so move
    too many of them into the next band each year: ageing would explain too much of the
    growth in admissions (calibration target
    ``emergency_admissions_growth_from_ageing_2004_05_to_2008_09``). Instead the density
    is linear within each band, from the mean of the two neighbouring bands' densities at
    one edge to the next; ages over 85 fall off exponentially, and the 75-84 density
    meets that tail at 85 (so as many people turn 85 each year as a stationary 85+
    population would need: about its deaths).
    """
    upper = np.append(BAND_LOWER_AGES[1:], OLDEST_AGE)
    width = upper - BAND_LOWER_AGES
    density = area_shares / width
    oldest_density = area_shares[-1] / OVER_85_MEAN_YEARS
    edges = np.concatenate([[density[0]], (density[:-1] + density[1:]) / 2])
    right = np.append(edges[1:-1], oldest_density)
    left = edges[:-1]
    u = rng.random(len(band))
    age = np.empty(len(band))
    for rows in row_blocks(len(band)):  # temporaries of a block's length (sim.people.blocks)
        in_block = band[rows]
        age[rows] = BAND_LOWER_AGES[in_block] + width[in_block] * _linear_density_quantile(
            left[np.minimum(in_block, len(left) - 1)],
            right[np.minimum(in_block, len(right) - 1)], u[rows])
    oldest = band == len(BANDS) - 1
    age[oldest] = np.minimum(BAND_LOWER_AGES[-1] + rng.exponential(OVER_85_MEAN_YEARS,
                                                                    oldest.sum()),
                             OLDEST_AGE - 1e-6)
    return age


def _linear_density_quantile(left: np.ndarray, right: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Quantile on [0, 1] of the density proportional to left + (right - left) x."""
    slope = (right - left) / (left + right) * 2.0  # density a + b x normalised: a = 1 - b/2
    a = 1.0 - slope / 2.0
    flat = np.abs(slope) < 1e-12
    root = np.sqrt(np.maximum(a * a + 2.0 * slope * u, 0.0))
    with np.errstate(divide="ignore", invalid="ignore"):
        x = np.where(flat, u, (root - a) / np.where(flat, 1.0, slope))
    return np.clip(x, 0.0, 1.0)


def _draw_imd_scores(level: np.ndarray, practice: np.ndarray, params: WorldParameters,
                     rng: np.random.Generator) -> np.ndarray:
    """Neighbourhood IMD scores: national distribution, correlated with the practice's
    ``level`` (one per practice; worked out a block of people at a time)."""
    rho = params.practice_deprivation_correlation
    own = rng.standard_normal(len(practice))
    score = np.empty(len(practice))
    for rows in row_blocks(len(practice)):
        latent = rho * level[practice[rows]] + np.sqrt(1.0 - rho * rho) * own[rows]
        score[rows] = np.exp(IMD_LOG_MEDIAN + IMD_LOG_SD * latent)
    return score
