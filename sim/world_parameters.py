"""The world's parameters: every scalar default outside the mechanisms, declared once.

Each has its unit, allowed range, prior and source (``sim.declarations.param``); the
mechanisms (``sim.mechanisms``) declare their own, and ``sim.parameters.Parameters``
joins them into the one set a scenario's ``[parameters]`` overrides. The dashboard and
sweeps read the same declarations, so no default is written twice. Age-specific rates
live in ``sim/data/age_profile.csv`` (one row per band and measure, each with a source),
and the calibration targets in ``sim/data/calibration_targets.csv``.

Words used in the sources:
- "target X": the value is a row of the calibration file and is checked by
  ``healthsim calibrate``.
- "calibrated to X": chosen so that the model reproduces target X (the fitting script
  or reasoning is named).
- "derived": computed from published figures, the arithmetic given.
- "assumption": our judgement, with the reasoning; the range is what a sweep should explore.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from sim.declarations import param, triangular, uniform


class WorldParameters(BaseModel):
    """The world's scalar parameters (immutable; override through a scenario file)."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)

    # --- Population: long-term conditions, frailty, consulting propensity -------------
    ltc_expected_at_80: float = param(
        1.1, "expected number of long-term conditions at age 80 (least deprived), before "
        "the named conditions (sim.people.conditions) are counted in",
        "calibrated to target ltc_prevalence (0.29) before the named conditions were "
        "counted (model 0.296, 2010-11, seed 1); with them the model gives 0.33, inside the "
        "target's tolerance. Lowering it to about 0.88 would restore 0.30 but redraws the "
        "synthetic world after the draw (sim.people.population.synthesise): left for a "
        "change that redraws it anyway", ge=0.1, le=5)
    ltc_age_gradient: float = param(
        0.04, "per year of age (log scale)",
        "assumption: LTC prevalence roughly doubles every 17 years of age (DH compendium "
        "shape)", ge=0.0, le=0.1)
    ltc_deprivation_ratio: float = param(
        1.5, "ratio of LTC rates, most vs least deprived quintile",
        "assumption: multimorbidity starts 10-15 years earlier in the most deprived "
        "areas (Barnett et al., Lancet 2012)", ge=1.0, le=3.0)
    frailty_sd: float = param(
        0.5, "standard deviation of log frailty",
        "assumption: unexplained variation in acute risk between people of the same age "
        "and conditions; range 0.2-0.8", ge=0.0, le=1.5,
        prior=uniform(0.2, 0.8))
    frailty_reversion_years: float = param(
        2.0, "years (mean reversion time of log frailty)",
        "assumption: an acute-risk episode fades over a couple of years; range 0.5-5",
        ge=0.25, le=20,
        prior=uniform(0.5, 5))
    gp_propensity_shape: float = param(
        0.85, "gamma shape of personal consulting propensity (mean 1)",
        "calibrated to target share_seeing_gp_in_year (0.80): smaller shape = more "
        "people with no contact in a year; model gives 0.79 (seed 1)", ge=0.1, le=50)

    # --- Demography -------------------------------------------------------------------
    mortality_log_intercept: float = param(
        -10.77, "log of the Gompertz death rate per year at age 0",
        "calibrated to target deaths_per_1000 (8.9): model gives 8.8-9.1 in 2010-11 "
        "(healthsim calibrate, seed 1, 3 replicates); "
        "with the slope below, the curve is near English interim life tables 2007-09 "
        "(death rate ~0.003 at 50, ~0.02 at 70, ~0.08 at 85)", ge=-14, le=-6)
    mortality_age_gradient: float = param(
        0.096, "per year of age (log scale)",
        "assumption: Gompertz slope of English mortality (rate doubles every ~7 years)",
        ge=0.05, le=0.15)
    mortality_background: float = param(
        0.0003, "deaths per person-year at all ages (Makeham term)",
        "assumption: accidents and other age-independent deaths in young adults",
        ge=0, le=0.005)
    mortality_infant: float = param(
        0.0045, "deaths per year in the first year of life",
        "assumption: infant mortality of about 4.5 per 1000 live births (ONS 2009)",
        ge=0, le=0.02)
    mortality_ltc_ratio: float = param(
        1.25, "death-rate ratio per long-term condition",
        "assumption: each LTC raises the death rate by a quarter; rates are re-standardised "
        "by age so this moves deaths between people, not their total", ge=1.0, le=2.0)
    general_fertility_rate: float = param(
        0.0635, "live births per woman aged 15-44 per year",
        "derived: 671k births in England 2009 over ~10.6m women aged 15-44 (ONS); gives "
        "target births_per_1000 (12.9) on the 2009 age structure", ge=0, le=0.2)
    registration_rate: float = param(
        0.050, "new registrations from outside the area per person per year",
        "assumption: GP list turnover from people moving into the area; range 0.02-0.10",
        ge=0, le=0.3,
        prior=uniform(0.02, 0.10))
    leaving_rate: float = param(
        0.047, "people leaving the area per person per year",
        "assumption: set 3 per 1000 below registrations for England's net inward "
        "migration in 2009 (ONS)", ge=0, le=0.3)

    # --- Organisations ----------------------------------------------------------------
    practice_size_sd: float = param(
        0.55, "standard deviation of log practice list size",
        "calibrated to target practice_list_size_cv (0.60: mean 7,301, sd 4,376 over "
        "7,478 English practices in 2014-15, BJGP 2017): sqrt(ln(1 + 0.6^2)) = 0.55; the "
        "mean is set by population / practices", ge=0, le=1.0,
        prior=uniform(0.45, 0.65))
    locality_deprivation_share: float = param(
        0.3, "share of the variance of a practice's deprivation level shared by its "
        "locality", "assumption: neighbouring practices serve similar areas; range 0.1-0.5",
        ge=0, le=1, prior=uniform(0.1, 0.5))
    practice_deprivation_correlation: float = param(
        0.53, "correlation of a person's neighbourhood deprivation with their practice's "
        "level (latent normal scale)",
        "calibrated to target practice_imd_score_sd (11.8 IMD points across English "
        "practices, BJGP 2017)", ge=0, le=0.99, prior=uniform(0.45, 0.6))
    practice_age_tilt_sd: float = param(
        0.57, "sd across practices of the log-odds tilt towards people aged 65+",
        "calibrated to targets practice_share_age_65_74_sd and practice_share_age_75_plus_sd "
        "(3.5 and 3.3 percentage points, BJGP 2017)", ge=0, le=2,
        prior=uniform(0.45, 0.7))
    practice_young_adult_tilt_sd: float = param(
        0.8, "sd across practices of the log-odds tilt towards people aged 15-44",
        "calibrated to target practice_share_age_0_4_sd (1.7 percentage points, BJGP "
        "2017): student and city-centre lists", ge=0, le=2, prior=uniform(0.6, 1.0))
    age_tilt_deprivation_correlation: float = param(
        0.4, "correlation across practices of deprivation with a younger list",
        "assumption: deprived urban practices have younger lists, retirement areas are "
        "less deprived; range 0.1-0.6", ge=-0.99, le=0.99, prior=uniform(0.1, 0.6))
    practices_per_locality: int = param(
        9, "practices", "assumption: PBC localities of 6-12 practices (seed 004)", ge=1, le=100)
    patients_per_gp: float = param(
        1750, "registered patients per GP",
        "assumption: about 1,600-1,800 patients per whole-time GP in 2009 (NHS IC)",
        ge=500, le=5000)
    population_per_consultant: float = param(
        1500, "people per hospital consultant",
        "derived: ~35,000 consultants in England in 2009 for ~51.5m people (NHS IC)",
        ge=200, le=20000)
    usual_trust_share: float = param(
        0.85, "share of a practice's patients who use its main acute trust",
        "assumption: most patients use the nearest trust; the rest choose another",
        ge=0, le=1)
    specialists_per_practice: int = param(
        3, "consultants a practice's GPs know by name (referral ties in the network)",
        "assumption: a practice refers mostly to a handful of consultants it knows",
        ge=1, le=50)

    # --- Clinicians --------------------------------------------------------------------
    gp_engagement_mean: float = param(
        0.3, "engagement in commissioning (0-1) of a GP of middling attitude with no deal "
        "on offer (the median at the start)",
        "assumption: most GPs are lukewarm about PBC; only 13% thought it had improved "
        "care (DH survey 2007, seed 004)", ge=0.01, le=0.99)
    gp_attitude_sd: float = param(
        1.0, "sd across GPs of their persistent attitude to commissioning (logit scale)",
        "assumption: a minority of enthusiasts and a majority of sceptics (seed 004: an "
        "enthusiastic core group); sd 1.0 around a mean of 0.3 puts a tenth of GPs above "
        "0.61 and a tenth below 0.11. Calibrated with the joining rules to fundholding's "
        "take-up (behaviour targets)", ge=0, le=3,
        prior=uniform(0.5, 1.3, basis="assumption: attitude spreads wide enough for "
                      "take-up in waves over years, not all at once (seed 003)"))
    gp_leader_share: float = param(
        0.1, "share of GPs with the leadership to carry peers",
        "assumption: an enthusiastic core group sells the scheme (seed 004)", ge=0, le=1,
        prior=uniform(0.05, 0.2, basis=(
            "assumption: a small enthusiastic core group (seed 004)")))
    practice_quality_mean: float = param(
        0.93, "mean share of QOF points achieved",
        "assumption: QOF achievement averaged over 90% in 2008-09", ge=0, le=1)
    practice_quality_concentration: float = param(
        20.0, "beta-distribution concentration of practice quality",
        "assumption: QOF achievement varies little between practices (most score "
        "85-100%); concentration 20 puts the middle 90% within about +-0.1 of the mean",
        ge=1, le=1000)

    # --- Primary care demand ----------------------------------------------------------
    gp_consultations_per_person_year: float = param(
        5.5, "consultations per person per year",
        "target gp_consultations_per_person_year (QResearch 2009)", ge=0, le=20)
    gp_consultation_ltc_ratio: float = param(
        1.3, "consultation-rate ratio per long-term condition",
        "assumption: people with LTCs consult more; rates are standardised by age",
        ge=1, le=3)
    prescribing_items_per_head: float = param(
        16.4, "prescription items per person per year",
        "target prescribing_items_per_head (NHS IC 2008: 843m items)", ge=0, le=60)
    prescribing_ltc_ratio: float = param(
        1.5, "prescribing ratio per long-term condition",
        "assumption: most items are repeat prescriptions for LTCs", ge=1, le=4)
    prescribing_practice_sd: float = param(
        0.10, "standard deviation of log practice prescribing propensity",
        "assumption: practices differ in prescribing by roughly +/-10% after case mix",
        ge=0, le=1)
    cost_per_item: float = param(
        9.76, "GBP per prescription item (net ingredient cost)",
        "derived: target prescribing_cost_per_head (160 GBP) / items per head (16.4)",
        ge=0, le=100)

    # --- Referrals, outpatients, electives ---------------------------------------------
    gp_referrals_per_1000: float = param(
        196, "GP referrals to a first outpatient appointment per 1000 per year",
        "target gp_referred_first_outpatient_per_1000 (HES 2008-09)", ge=0, le=1000)
    other_first_outpatient_per_1000: float = param(
        167, "first outpatient attendances from other sources per 1000 per year",
        "derived: HES 2008-09 18.7m first attendances less 10.1m GP-referred, "
        "over 51.5m people", ge=0, le=1000)
    referral_practice_sd: float = param(
        0.25, "standard deviation of log practice referral propensity",
        "assumption: referral rates vary widely and unaccountably between practices "
        "(seed 003); range 0.1-0.4", ge=0, le=1,
        prior=uniform(0.1, 0.4))
    emergency_practice_sd: float = param(
        0.25, "standard deviation of log practice emergency-admission propensity",
        "calibrated to target practice_emergency_admissions_cv (0.29: 88.8 per 1,000, sd "
        "25.8, across English practices in 2014-15, L'Esperance et al. 2017): practices "
        "differ in emergency admissions beyond their age mix and deprivation (access, "
        "continuity, the nearest A&E); range 0.15-0.35", ge=0, le=1,
        prior=uniform(0.15, 0.35))
    referral_deprivation_gradient: float = param(
        -0.04, "relative change in referral rate per deprivation quintile",
        "assumption: referral rates are inversely linked to deprivation (seed 002)",
        ge=-0.2, le=0.2)
    referral_ltc_ratio: float = param(
        1.15, "referral-rate ratio per long-term condition", "assumption", ge=1, le=3)
    follow_up_per_first: float = param(
        2.2, "outpatient follow-up attendances per first attendance",
        "target outpatient_follow_up_per_first (HES 2008-09)", ge=0, le=10)
    decisions_to_admit_per_first: float = param(
        0.44, "elective decisions to admit per first outpatient attendance",
        "derived: target elective_admissions_per_1000 (160) over all first attendances "
        "(196 + 167 per 1000)", ge=0, le=1)
    day_case_share: float = param(
        0.72, "share of elective admissions that are day cases",
        "assumption: HES 2008-09 shows roughly two thirds to three quarters of elective "
        "admissions as day cases", ge=0, le=1)
    elective_minimum_wait_months: int = param(
        1, "months", "assumption: booking and pre-assessment take at least a month",
        ge=0, le=12)
    elective_target_wait_months: float = param(
        2.0, "months of demand trusts aim to keep on the elective list",
        "assumption: trusts plan capacity to meet the 18-week referral-to-treatment "
        "target, which left admitted patients waiting about 8 weeks (DH RTT 2009-10)",
        ge=0, le=24)

    # --- Urgent and emergency care -----------------------------------------------------
    ae_attendances_per_1000: float = param(
        380, "A&E attendances per 1000 per year",
        "target ae_attendances_per_1000 (~19.8m in 2008-09)", ge=0, le=2000)
    ae_deprivation_gradient: float = param(
        0.10, "relative change in A&E attendance per deprivation quintile",
        "assumption: A&E use rises with deprivation", ge=-0.5, le=0.5)
    emergency_ltc_ratio: float = param(
        1.35, "emergency-admission-rate ratio per long-term condition",
        "assumption: admission risk rises steeply with multimorbidity; standardised by age",
        ge=1, le=3)
    emergency_deprivation_ratio: float = param(
        1.8, "emergency-admission-rate ratio, most vs least deprived quintile",
        "assumption: admissions (especially ambulatory-care-sensitive ones) are "
        "roughly twice as common in the most deprived fifth", ge=1, le=4)
    acs_share_without_ltc: float = param(
        0.08, "share of emergency admissions that are ambulatory-care-sensitive, no LTC",
        "assumption: ACS conditions are about one in six emergency admissions overall "
        "(Purdy 2009; Bardsley 2013), concentrated in people with LTCs", ge=0, le=1)
    acs_share_per_ltc: float = param(
        0.07, "extra ACS share per long-term condition (up to four)",
        "assumption, see acs_share_without_ltc", ge=0, le=0.25)
    pbr_short_stay_growth: float = param(
        0.022, "growth per year in short-stay emergency admitting beyond ageing, under "
        "full tariff (split by drift_payment_share into a payment-driven part and a part "
        "no payment rule changes: sim.mechanisms.pbr_drift)",
        "calibrated to target emergency_admissions_growth_2004_05_to_2008_09 (11.8% over "
        "four years; Blunt et al. 2010) in a run paying full tariff throughout, as in "
        "2004-09 (sim.validity.calibration). Ageing adds about 5.5 points in the model "
        "(target emergency_admissions_growth_from_ageing_2004_05_to_2008_09: at most 4.7 "
        "+ 1) and selection within age bands takes some back, so 2.2%/yr gives 12.0%, "
        "13.3% and 12.2% over 2010-15 (healthsim calibrate, seeds 1-3, 3 replicates)",
        ge=0, le=0.1)

    # --- Tariff and payment -------------------------------------------------------------
    tariff_emergency: float = param(
        2200, "GBP per emergency admission (2008-09 prices)",
        "target emergency_admission_cost_gbp (Blunt et al. 2010)", ge=0, le=20000)
    tariff_elective_inpatient: float = param(
        3000, "GBP per ordinary elective admission",
        "target elective_inpatient_cost_gbp (back-cast HFMA)", ge=0, le=20000)
    tariff_day_case: float = param(
        700, "GBP per day case", "target day_case_cost_gbp (back-cast HFMA)", ge=0, le=10000)
    tariff_outpatient_first: float = param(
        160, "GBP per first outpatient attendance", "target outpatient_first_cost_gbp",
        ge=0, le=2000)
    tariff_outpatient_follow_up: float = param(
        90, "GBP per outpatient follow-up",
        "derived: HFMA 120 GBP average per attendance with 2.2 follow-ups per first at "
        "160 GBP, back-cast to 2008-09", ge=0, le=2000)
    tariff_ae: float = param(
        90, "GBP per A&E attendance", "target ae_attendance_cost_gbp", ge=0, le=2000)
    price_frailty_elasticity: float = param(
        1.4, "elasticity of a spell's price with respect to frailty (log scale)",
        "calibrated to targets hospital_cost_share_top_1_percent and _top_5_percent "
        "(Kelly et al., Fiscal Studies 2016); frail people stay longer (Gilbert et al., "
        "Lancet 2018); range 1.0-1.8", ge=0, le=3, prior=uniform(1.0, 1.8))
    price_ltc_ratio: float = param(
        1.6, "relative spell price per long-term condition (up to four)",
        "calibrated with the price spreads to the cost-concentration targets and to the "
        "person-level R-squared of age, sex and diagnoses (Dixon et al., BMJ 2011: 0.12): "
        "multimorbid people's spells fall in the HRGs with complications and "
        "comorbidities; range 1.3-1.9", ge=1, le=3, prior=uniform(1.3, 1.9))
    emergency_price_sd: float = param(
        0.6, "log-scale sd of an emergency spell's price around its expected value",
        "calibrated to target hospital_cost_share_top_1_percent: emergency HRG prices "
        "run from a few hundred pounds for a short stay to tens of thousands with "
        "excess bed days (NHS reference costs); range 0.4-0.9", ge=0, le=3,
        prior=uniform(0.4, 0.9))
    elective_price_sd: float = param(
        0.6, "log-scale sd of an elective spell's price around its expected value",
        "calibrated with emergency_price_sd to the cost-concentration targets: "
        "elective HRGs run from minor day cases to major joint and cardiac surgery "
        "(NHS reference costs); range 0.4-0.9", ge=0, le=3, prior=uniform(0.4, 0.9))
    marginal_emergency_rate: float = param(
        0.30, "share of tariff paid for emergency admissions above the 2008-09 baseline",
        "target marginal_emergency_tariff_rate (DH PbR rules from 2010-11)", ge=0, le=1)
    marginal_baseline_ratio: float = param(
        0.946, "2008-09 baseline as a share of 2010-11 expected emergency admissions",
        "derived: two years of the 2004-09 trend (11.8% over four years) "
        "before the start: 1.118^(-2/4)", ge=0.5, le=1.5)
    trust_fixed_cost_share: float = param(
        0.6, "share of an acute trust's costs that are fixed in the year",
        "assumption: trusts have mostly fixed costs, so lost activity means deficit "
        "(seed 002); range 0.4-0.8", ge=0, le=1,
        prior=uniform(0.4, 0.8, basis=(
            "assumption: trusts' costs are mostly fixed within a year (seed 002); the 30% "
            "marginal rate of 2010-11 was set on the view that extra emergency activity costs "
            "well below tariff (DH PbR guidance 2010-11)")))

    # --- PCT allocation and planning -----------------------------------------------------
    allocation_per_head_2008_09: float = param(
        1450, "GBP per head per year",
        "target pct_allocation_per_head_gbp_2008_09 (Hansard 8 Dec 2008)", ge=0, le=10000)
    allocation_growth_2009_11: float = param(
        0.055, "cash growth per year in 2009-10 and 2010-11",
        "target pct_allocation_growth_2009_11 (Hansard 8 Dec 2008)", ge=-0.2, le=0.3)
    allocation_growth_from_2011: float = param(
        0.02, "cash growth per year from 2011-12",
        "assumption: near-zero real growth from 2011-12 (seed 002, 'financial storm') "
        "plus about 2% inflation", ge=-0.2, le=0.3)
    primary_care_per_head: float = param(
        160, "GBP per registered patient per year (GMS/PMS contracts, QOF, enhanced)",
        "assumption: about 8bn GBP of general practice spending in 2009-10 over 51.5m",
        ge=0, le=1000)
    community_per_head: float = param(
        170, "GBP per head per year (community health services block)",
        "assumption: order of magnitude of PCT programme spending on community services",
        ge=0, le=1000)
    management_per_head: float = param(
        27, "GBP per head per year (PCT management costs)",
        "assumption: PCT management costs of about 1.4bn GBP in 2009-10 over 51.5m",
        ge=0, le=500)
    planned_surplus_share: float = param(
        0.01, "share of allocation the PCT plans to hold back as surplus",
        "assumption: PCTs planned small surpluses as a contingency", ge=0, le=0.1)
    planning_growth: float = param(
        0.03, "growth the PCT expects in activity spend over last year's outturn",
        "assumption: recent trend of acute activity growth", ge=-0.2, le=0.3)

    # --- Behaviour: GP engagement (sim.commissioning.engagement) ---------------------
    engagement_adjustment: float = param(
        0.05, "share of the gap to target engagement closed each month",
        "assumption: attitudes shift over one to two years; fundholding reached 50% "
        "take-up only after seven years (seed 003); range 0.01-0.2", ge=0, le=1,
        prior=uniform(0.01, 0.2, basis=(
            "assumption: attitudes shift over months to years; fundholding took seven years to "
            "reach half of practices (seed 003)")))
    engagement_peer_influence: float = param(
        0.04, "share of the gap to peers' engagement closed each month",
        "assumption: an enthusiastic core sells the scheme to peers and disillusion "
        "spreads too (seed 004); range 0-0.15", ge=0, le=1,
        prior=uniform(0.0, 0.15, basis=(
            "assumption: an enthusiastic core sells the scheme to peers (seed 004); no measure")))
    engagement_leader_weight: float = param(
        3.0, "weight of a leader's engagement among peers (others weigh 1)",
        "assumption: the core group carries disproportionate influence (seed 004)",
        ge=1, le=20,
        prior=uniform(1.0, 5.0, basis=(
            "assumption: the core group carries disproportionate influence (seed 004)")))
    engagement_weight_financial: float = param(
        0.5, "logit points of target engagement per 1% of budget of expected net gain "
        "(savings shared less expected overspend weighed with loss aversion)",
        "assumption: financial incentives matter but are not the only lever (seed 002; "
        "seed 004: GPs engage from commitment more than for the PCT's incentives); "
        "range 0-1", ge=0, le=10,
        prior=uniform(0, 1, basis="assumption: no study measures GPs' response to "
                      "commissioning savings; the range runs from none to money "
                      "outweighing ownership"))
    expected_saving_share: float = param(
        0.06, "savings a commissioner's GPs expect to make, as a share of budget",
        "calibrated to the behaviour targets fundholding_population_share_1991 and _1996 "
        "with scheme_visibility (healthsim calibrate's behaviour tier, seeds 1-3, 3 "
        "replicates each: 0.13/0.15/0.25 in 1991 against 0.07 +- 0.1, 0.51/0.41/0.56 in "
        "1996 against 0.5 +- 0.12; raised from 0.055 when deaths began to follow care, "
        "which had lowered 1996 take-up to 0.35/0.36/0.48). Plausible: first-wave "
        "fundholders mostly underspent, a few by over 100,000 GBP (Audit Commission "
        "1993, via Wikipedia 'GP Fundholding'); PBC business cases aimed at a few per "
        "cent; 10-20% thought possible is an optimistic upper bound (seed 002)", ge=0, le=0.3,
        prior=triangular(0.02, 0.06, 0.08, basis="assumption: a few per cent, the upper "
                         "end below seed 002's optimistic 10-20%"))
    loss_aversion: float = param(
        2.25, "weight of a pound lost against a pound gained",
        "Tversky and Kahneman, J Risk Uncertain 1992 (5:297), median lambda 2.25", ge=1,
        le=5, prior=triangular(1.0, 2.25, 3.0, basis="Tversky and Kahneman 1992: 2.25; "
                               "later estimates 1.5-2.5 (Abdellaoui et al., Manage Sci "
                               "2007); 1 = no loss aversion"))
    budget_outturn_sd_5000: float = param(
        0.08, "sd of a budget holder's outturn against budget at 5,000 people (share)",
        "derived: healthsim risk's default study, historic budgets at 5,000 people: 7.8% "
        "(docs/budgets-and-risk.md); it falls with the square root of the population "
        "(Smith, BMJ 1999 on small budget holders)", ge=0, le=1)
    budget_outturn_reference_population: float = param(
        5000, "people", "derived: the population of budget_outturn_sd_5000", ge=1,
        le=1_000_000)
    engagement_weight_ownership: float = param(
        1.0, "logit points of target engagement per unit of ownership and autonomy",
        "assumption: ownership, autonomy and headroom to change things engage clinicians "
        "(seed 002); range 0-3", ge=0, le=10,
        prior=uniform(0.0, 2.0, basis=(
            "assumption: ownership and autonomy engage clinicians (seed 002); seed 004 finds GPs "
            "engaging from commitment more than for money; no measure of the size")))
    engagement_weight_time: float = param(
        0.8, "logit points lost per unit of meeting burden (evening meetings)",
        "assumption: meetings at 7-8 pm are a real cost (seed 002); range 0-2", ge=0, le=10,
        prior=uniform(0.0, 2.0, basis=(
            "assumption: meetings at 7-8 pm are a real cost (seed 002); no measure")))
    engagement_weight_trust: float = param(
        1.0, "logit points per unit of trust in the PCT above 0.5, where the PCT decides",
        "assumption: trust between GPs and PCT is a precondition (seed 002)", ge=0, le=5,
        prior=uniform(0.0, 2.0, basis=(
            "assumption: trust between GPs and PCT is a precondition (seed 002); no measure")))
    pct_trust: float = param(
        0.4, "GPs' trust in the PCT (0-1)",
        "assumption: ideas 'get lost for months' at the PCT (seed 004); range 0.2-0.7",
        ge=0, le=1,
        prior=uniform(0.2, 0.7, basis=(
            "assumption: ideas 'get lost for months' at the PCT (seed 004); 'trust issue will "
            "stymie everything' (seed 002)")))
    pct_trust_adjustment: float = param(
        0.2, "share of the gap between GPs' trust in the PCT and the year's experience "
        "closed each April",
        "assumption: trust grows with joint work and results and is lost when promises "
        "fail (seed 002: 'trust issue will stymie everything'); range 0.05-0.4",
        ge=0, le=1, prior=uniform(0.05, 0.4, basis="assumption: trust moves over two to "
                                  "twenty years"))
    scheme_visibility: float = param(
        0.4, "how much of a voluntary model's deal GPs outside it see at launch (0-1); "
        "the results of bodies already in it add the rest",
        "assumption: GPs judge a new scheme partly on its terms and mostly on what "
        "peers in it achieve ('others join as peers see results', seed 002); "
        "calibrated with the attitude spread to fundholding's take-up (behaviour "
        "targets)", ge=0, le=1,
        prior=uniform(0.2, 0.8, basis="assumption: between little and most of the deal "
                      "is visible before anyone has tried it"))
    pct_trust_neutral: float = param(
        0.5, "GPs' trust in the PCT (0-1) at which PCT control neither engages nor repels",
        "assumption: the middle of the trust scale", ge=0, le=1)
    locality_tie_weight: float = param(
        0.3, "weight of a GP of another practice in the locality among peers (own "
        "practice's partners weigh 1)", "assumption: GPs see locality colleagues at "
        "PBC meetings but are swayed most by their own partners (seed 004)", ge=0, le=1,
        prior=uniform(0.1, 0.5, basis=(
            "assumption: GPs see locality colleagues at PBC meetings but are swayed most by "
            "partners")))
    notional_savings_worth: float = param(
        0.25, "worth to a GP of a pound of savings on a notional budget, as a share of a "
        "real one", "assumption: notional budgets engaged GPs weakly because the PCT "
        "kept the money and the risk (seed 001)", ge=0, le=1,
        prior=uniform(0.0, 0.5, basis=(
            "assumption: notional budgets engaged GPs weakly because the PCT kept the money and "
            "the risk (seed 001); only 13% of GPs thought PBC had improved care (DH survey 2007, "
            "seed 004)")))
    engagement_weight_results: float = param(
        0.7, "logit points gained from a year in surplus (lost after a deficit)",
        "assumption: success breeds engagement and failure disillusion (seed 004)",
        ge=0, le=5,
        prior=uniform(0.0, 1.5, basis=(
            "assumption: success breeds engagement and failure disillusion (seed 004); "
            "no measure")))

    # --- Behaviour: what engaged practices change ---------------------------------------
    referral_reduction_max: float = param(
        0.08, "share of GP referrals a fully engaged practice avoids",
        "the centre of the evidence (prior): fundholding's effect on elective admissions "
        "(Dusheiko et al. 2006) at full engagement", ge=0, le=0.5,
        prior=triangular(0.0, 0.08, 0.2, basis=(
            "Dusheiko, Gravelle, Jacobs and Smith, J Health Econ 2006 (25:449): fundholders' "
            "elective admission rates were about 3.5-5% below non-fundholders' and rose when "
            "fundholding ended; with practices' effective engagement near 0.5-0.6 that is about "
            "0.06-0.09 at full engagement. Referral management centres showed little effect "
            "(Imison and Naylor, King's Fund 2010); seed 002's 10-20% is an optimistic upper "
            "bound")))
    referral_convergence: float = param(
        0.5, "share of a fully engaged practice's referral gap to peers that closes",
        "assumption: monthly referral data made outlier practices act (seed 004)",
        ge=0, le=1,
        prior=uniform(0.2, 0.8, basis=(
            "assumption: monthly referral data made outlier practices act (seed 004); referral "
            "rates vary widely and unaccountably (seed 003); no study measures how far outliers "
            "close the gap")))
    prescribing_saving_max: float = param(
        0.05, "share of prescribing cost a fully engaged practice saves",
        "the centre of the evidence (prior): fundholders' slower growth in prescribing "
        "costs (Wilton and Smith 1998)", ge=0, le=0.5,
        prior=triangular(0.01, 0.05, 0.12, basis=(
            "Wilton and Smith, BMJ 1998 (review of fundholding): fundholders' prescribing costs "
            "grew a few per cent more slowly than non-fundholders' in their early years, the gap "
            "narrowing later; one PCT's devolved prescribing released 9m GBP (seed 004); up to "
            "about a tenth")))
    ltc_management_effect: float = param(
        0.03, "share of its patients' emergency admissions a fully engaged practice avoids",
        "the centre of the evidence (prior): QOF's incentivised ambulatory-care-"
        "sensitive conditions (Harrison et al. 2014), about one in six admissions",
        ge=0, le=0.5,
        prior=triangular(0.0, 0.03, 0.08, basis=(
            "Harrison et al., BMJ 2014 (349:g6423): admissions for ambulatory-care-sensitive "
            "conditions incentivised by QOF fell 2.7% relative to those not incentivised; ACS "
            "conditions are about one in six emergency admissions (Bardsley et al., BMJ Open "
            "2013), so better LTC management moves a few per cent of all admissions at most")))
    ltc_progression_effect: float = param(
        0.1, "share of its patients' progression to severe disease a fully engaged "
        "practice's management prevents (sim.people.severity)",
        "the centre of the evidence (prior): treatments that slow progression work in "
        "trials, but a practice's added management reaches only part of its patients",
        ge=0, le=1,
        prior=triangular(0.0, 0.1, 0.3, basis=(
            "Trials show what slows each condition: stopping smoking halves the yearly fall "
            "in FEV1 (Anthonisen et al., JAMA 1994, the Lung Health Study); beta-blockers "
            "cut deaths and heart-failure admissions by about a third (CIBIS-II, Lancet "
            "1999); better glucose control prevents complications (UKPDS 1998). A practice's "
            "extra effort reaches a part of its patients: QOF's incentives moved recorded "
            "control by a few points (Campbell et al., NEJM 2009), so a tenth at full "
            "engagement, with a wide range")))
    effect_without_budget_line: float = param(
        0.0, "share of a practice effect kept on a line its commissioner does not hold",
        "assumption: a commissioner gains from an effect only on the lines its budget "
        "covers (seed 002: without most of the budget GPs cannot shift care; the 1990s "
        "fundholding budgets covered elective care and prescribing, not emergencies, and "
        "cut elective admissions: Dusheiko et al., Journal of Health Economics 2006); "
        "professional motivation may carry some over: range 0-0.3", ge=0, le=1,
        prior=uniform(0.0, 0.3, basis=(
            "Dusheiko et al. 2006: fundholders cut the elective admissions their budgets covered; "
            "professional motivation may carry a little over to other lines (assumption)")))

    # --- Services a commissioner can make or buy ----------------------------------------
    buy_premium: float = param(
        0.15, "extra cost of buying a service from a provider instead of making it",
        "assumption: contracting and provider margin", ge=0, le=1,
        prior=triangular(0.05, 0.15, 0.3, basis=(
            "assumption: contracting costs and a provider's margin over making a service")))
    specialist_reluctance_mean: float = param(
        0.65, "mean reluctance of consultants to work in a partnership (0-1)",
        "assumption: specialists are reluctant to leave acute trusts (seed 000, 002)",
        ge=0, le=1,
        prior=uniform(0.5, 0.8, basis=(
            "assumption: specialists are reluctant to leave acute trusts (seed 000, 002)")))
    specialist_reluctance_concentration: float = param(
        6.0, "beta-distribution concentration of consultants' reluctance",
        "assumption: most consultants are reluctant, a minority keen (seed 002)",
        ge=0.5, le=100)
    outpatient_substitution_max: float = param(
        0.3, "share of first outpatient attendances moved to the community when every "
        "specialist joins", "assumption: office medicine in the community (seed 000)",
        ge=0, le=1,
        prior=triangular(0.1, 0.3, 0.5, basis=(
            "assumption: a minority of specialties' outpatient work can move to the community "
            "(Roland et al., NPCRDC 2005, 'Outpatient services and primary care', a scoping "
            "review)")))
    community_outpatient_cost_share: float = param(
        0.85, "cost of a community outpatient attendance as a share of tariff",
        "the centre of the evidence (prior): community clinics were not clearly cheaper "
        "(Roland et al., NPCRDC 2005)", ge=0, le=2,
        prior=triangular(0.6, 0.85, 1.2, basis=(
            "Roland et al., NPCRDC 2005: outpatient care moved to the community was not clearly "
            "cheaper and sometimes cost more per patient; lower overheads pull the other way")))
    specialist_admission_effect: float = param(
        0.03, "share of emergency admissions avoided when every specialist works in the "
        "community", "assumption: specialist 'office medicine' in the community averts "
        "some admissions (seed 000); range 0-0.1", ge=0, le=1,
        prior=uniform(0.0, 0.1, basis=(
            "assumption: no evaluation of specialists' office medicine in the community (seed "
            "000); none to a tenth of admissions")))
    make_maturity: float = param(
        0.5, "maturity a partnership needs to run services itself (else it buys them)",
        "assumption: making needs organisational capability (seed 003)", ge=0, le=1)
    specialist_advice_effect: float = param(
        0.1, "share of referrals avoided when every specialist advises GPs",
        "assumption: specialist advice to GPs cuts referrals (seed 000); wide prior",
        ge=0, le=1,
        prior=triangular(0.0, 0.1, 0.25, basis=(
            "assumption: consultant advice to GPs avoids some referrals (seed 000) but no English "
            "evaluation measures it across all referrals; wide")))

    # --- Budgets and settlement (sim.commissioning.budgets, .settlement) ---------------
    person_based_min_cell: float = param(
        30, "people a cell of age, sex, deprivation and conditions needs before the "
        "person-based budget uses its own mean (else the capitation cell's)",
        "assumption: a mean of fewer than a few dozen people's costs is mostly chance "
        "(a year's hospital cost has a coefficient of variation of several: "
        "sim/data/calibration_targets.csv, cost concentration)", ge=1, le=10_000)
    budget_rebasing_years: float = param(
        3, "years a commissioner keeps its savings before its budget follows its own "
        "spend (rebasing)",
        "assumption: locality commissioning pilots were 'only allowed 1 yr' of savings "
        "(seed 002, conference notes); capitated, risk-adjusted budgets (seed 000) would "
        "never rebase to a body's own spend; three years between", ge=1, le=50,
        prior=uniform(1, 10, basis="assumption: from seed 002's one year to practically "
                      "never within a ten-year run"))
    savings_threshold: float = param(
        0.005, "smallest surplus paid out, as a share of the real budget",
        "assumption: PCTs paid out savings only once they were clear of the noise of a "
        "year's spend and worth agreeing (seed 004: savings 'must be negotiated with the "
        "PCT', seed 001); range 0-2%", ge=0, le=0.2,
        prior=uniform(0, 0.02, basis="assumption: none to two per cent of budget"))

    # --- Commissioners and the PCT --------------------------------------------------------
    maturity_years: float = param(
        2.0, "years for a new commissioning body to become effective (time constant)",
        "new bodies spend at least two years in organisational development with little "
        "impact (seed 003)", ge=0.1, le=10,
        prior=triangular(1.0, 2.0, 4.0, basis=(
            "seed 003: new commissioning bodies spend at least two years in organisational "
            "development with little impact; one to four years")))
    management_allowance_per_head: float = param(
        2.0, "GBP per covered person per year for a commissioning group's management",
        "assumption: PBC management allowances of 1-3 GBP a head", ge=0, le=100,
        prior=uniform(1.0, 3.0, basis=(
            "PBC management allowances of 1-3 GBP a head (DH PBC guidance, as quoted in seed "
            "004's period)")))
    transaction_cost_per_practice: float = param(
        15000, "GBP a year per member practice, rising with size (exponent below)",
        "assumption: keeping member practices engaged costs more as groups grow (seed 003)",
        ge=0, le=200000,
        prior=triangular(5000.0, 15000.0, 30000.0, basis=(
            "assumption: keeping member practices engaged costs more as groups grow (seed 003); "
            "GP sessions and manager time per practice, no published figure")))
    transaction_cost_exponent: float = param(
        1.2, "exponent of the number of member practices in transaction costs",
        "assumption: costs grow faster than membership (seed 003)", ge=1, le=2)
    approval_delay_months: float = param(
        12, "mean months the PCT takes to approve a business case",
        "about a year on average, 2.5 years in one case (seed 002)", ge=0, le=60,
        prior=triangular(6.0, 12.0, 30.0, basis=(
            "seed 002: business cases took about a year on average to approve, 2.5 years in one "
            "case")))
    approval_delay_shape: float = param(
        2.0, "gamma shape of the business-case approval delay",
        "assumption: most approvals take months, a few years (2.5 years in one case, "
        "seed 002); shape 2 gives that long right tail", ge=0.5, le=50)
    handcuffs_approval_factor: float = param(
        0.5, "approval delay under PCT 'handcuffs', as a share of the usual delay",
        "assumption: schemes aimed at emergency admissions, the only ones the PCT "
        "accepts under handcuffs, are approved faster (seed 004)", ge=0, le=1)
    business_case_rate: float = param(
        0.7, "yearly chance, per unit of its GPs' engagement (0-1), that a PBC cluster "
        "puts forward its first business case (chance = rate x engagement, at most 1)",
        "calibrated: with the 12-month approval delay, matched to the Department of Health "
        "PBC practice surveys (practices commissioning new services through PBC: a third "
        "in summer 2007, 46% in summer 2008, 61% early in 2009; behaviour tier)",
        ge=0, le=10,
        prior=triangular(0.35, 0.7, 1.4, basis=(
            "calibrated to the DH PBC practice surveys (Ipsos MORI, waves 1 and 4, 2007-08; "
            "first quarter of 2009); the range spans the survey points within tolerance")))
    contracting_months: int = param(
        6, "months to contract a service a commissioner buys",
        "assumption: a tender or contract variation takes about half a year", ge=0, le=36)
    specialist_offer_maturity_weight: float = param(
        0.5, "share of the offer to consultants that waits on the partnership's maturity",
        "assumption: consultants weigh both the terms offered and whether the "
        "partnership looks able to deliver them (seed 002)", ge=0, le=1)
    failure_engagement_loss: float = param(
        0.5, "share of its members' engagement a commissioner keeps after failing",
        "assumption: a takeover after persistent deficits costs goodwill (seed 004: "
        "failure breeds disillusion)", ge=0, le=1)
    failure_deficit_years: int = param(
        2, "consecutive years in deficit before the failure regime",
        "assumption: a failure regime for persistent deficits (the design brief, "
        "docs/sources.md)", ge=1, le=10)
    trust_bailout_threshold: float = param(
        0.02, "trust deficit, as a share of income, above which it is bailed out",
        "assumption: an acute trust 'cannot be allowed to fail' (seed 002)", ge=0, le=1)

    # --- Migration: the cost of organisational change (seed 003) -------------------------
    transition_months: float = param(
        12, "months a reorganisation distracts managers and weakens financial control",
        "assumption: organisational transition takes about a year before the two-year "
        "development period shows results (seed 003; Dickinson et al. 2006)", ge=0, le=60)
    transition_setup_cost_per_head: float = param(
        10.0, "GBP per person covered, one-off, for setting up a new commissioning body",
        "assumption: legal, premises, IT and recruitment; the DH 2011 impact assessment put "
        "the whole 2010 reorganisation at about GBP 1.4bn (~GBP 27 a head), most of it "
        "PCT and SHA abolition", ge=0, le=100)
    pct_abolition_cost_per_head: float = param(
        15.0, "GBP per person, one-off, for abolishing the PCT (redundancies, closure)",
        "assumption: the remainder of the ~GBP 27 a head of the 2011 impact assessment",
        ge=0, le=100)
    transition_control_loss: float = param(
        0.01, "extra hospital spend, as a share, while financial control is weaker",
        "assumption: unchallenged invoices and activity while managers are distracted "
        "(seed 003: 'difficulties associated with maintaining financial control'); "
        "range 0-0.03", ge=0, le=0.2,
        prior=uniform(0.0, 0.03, basis=(
            "assumption: reorganisation disrupts financial control (seed 003); none to 3% of "
            "hospital spend while it lasts")))
    transition_distraction: float = param(
        0.5, "share of practice effects lost while a reorganisation is under way",
        "assumption: managers and clinicians distracted by the change (seed 003)",
        ge=0, le=1,
        prior=uniform(0.2, 0.8, basis=(
            "assumption: managers and clinicians distracted by the change (seed 003)")))
    transition_staff_turnover: float = param(
        0.3, "share of a converting body's experience lost to staff turnover",
        "assumption: reorganisations change key personnel (seed 003; Glasby et al. 2010)",
        ge=0, le=1)
    merger_cost_share: float = param(
        0.5, "cost of merging a body into a partnership, as a share of setting one up",
        "assumption: a merger reuses premises and staff but still costs legal and IT "
        "work", ge=0, le=1)
    bid_prospect_weight: float = param(
        0.5, "weight of the deal on offer (against goodwill now) in a practice's wish to "
        "bid in a big bang", "assumption: GPs judge an offer both by its terms and by "
        "their goodwill after PBC", ge=0, le=1)
    outside_head_start_years: float = param(
        1.0, "years of organisational maturity an outside organisation brings",
        "assumption: an established NHS or private body has management in place but "
        "must learn the area (seed 002)", ge=0, le=10)

    # --- Outcomes ------------------------------------------------------------------------
    event_death_share: float = param(
        0.6, "share of deaths not caused by cancer that follow within 30 days of an "
        "emergency admission for an acute event, and that the event causes",
        "calibrated to target deaths_within_30_days_of_emergency_admission_share (0.5, "
        "approximate): about 55% of deaths in England in 2008 were in hospital, most after "
        "an emergency admission, and some follow discharge; cancer deaths (about 28%) are "
        "drawn by the cancer pathway, so this is a share of the rest; model 0.42 of all "
        "deaths (2010-11, seed 1), leaving out cancer deaths after an emergency admission",
        ge=0, le=0.9,
        prior=uniform(0.35, 0.75, basis=(
            "assumption: the hospital share of deaths (about 55% in 2008, National End of "
            "Life Care Intelligence Network, Variations in place of death in England, 2010) "
            "guides it; how many of those deaths the acute event itself causes, "
            "rather than accompanies, is not known")))
    needed_share_of_withheld_referrals: float = param(
        0.2, "share of the GP referrals a practice withholds under an incentive that were "
        "needed", "the centre of the evidence (prior): practices' referral rates differ "
        "two- to threefold unexplained by need, so most withheld referrals are "
        "discretionary", ge=0, le=1,
        prior=uniform(0.05, 0.4, basis=(
            "O'Donnell, Family Practice 2000 (17:462): GP referral rates vary two- to "
            "threefold and little of it is explained by need; Imison and Naylor, Referral "
            "management (King's Fund 2010): little evidence on harm from referral management "
            "either way; assumption: a twentieth to two-fifths of the referrals withheld "
            "were needed")))
    missed_referral_emergency_risk: float = param(
        0.05, "probability of an emergency admission in the 12 months after a needed "
        "referral is withheld, over the person's own risk",
        "assumption: a condition a specialist would have treated sometimes presents as an "
        "emergency instead (cancers: about a quarter present as emergencies, Elliss-Brookes "
        "et al., British Journal of Cancer 2012 107:1220, higher without a referral)",
        ge=0, le=1, prior=uniform(0.0, 0.15, basis=(
            "assumption: from no harm to about three times the central value; the evidence "
            "on harm from withheld referrals is thin (Imison and Naylor, King's Fund 2010)")))
    qaly_loss_per_week_waiting: float = param(
        0.0015, "QALYs lost per week on the elective waiting list",
        "derived: the EQ-5D gain from the four PROMs operations in 2009-10 (about 0.41 hip, "
        "0.30 knee, 0.08 groin hernia, 0.09 varicose veins; HSCIC PROMs) is lost for each "
        "year of waiting, i.e. 0.002-0.008 a week for joints, 0.0015 for the others; "
        "assumption: most of the list is the smaller-gain kind", ge=0, le=0.02,
        prior=triangular(0.0005, 0.0015, 0.005, basis=(
            "HSCIC PROMs 2009-10: mean EQ-5D gains from 0.08 (hernia) to 0.41 (hip) a year, "
            "0.0015 to 0.008 a week of waiting; the list's mix of procedures is assumed")))
    qaly_loss_per_emergency_admission: float = param(
        0.01, "QALYs lost per emergency admission for an acute event (not for supply-driven "
        "short stays)",
        "assumption: about a month in markedly worse health around an admission "
        "(0.12 utility for a month); range 0-0.03", ge=0, le=0.2,
        prior=uniform(0.0, 0.03, basis=(
            "assumption: about a month in markedly worse health around an admission; none to "
            "three times that")))
    qaly_ltc_decrement: float = param(
        0.03, "EQ-5D index points per long-term condition above the band average",
        "assumption: each extra LTC lowers quality of life by a few points", ge=0, le=0.2)
    discount_rate: float = param(
        0.035, "a year, for discounted totals of costs and QALYs",
        "derived: the HM Treasury Green Book (2003) rate, 3.5% a year for the first 30 "
        "years; NICE uses the same rate for costs and health effects", ge=0, le=0.2)

    treatment_improvement_per_year: float = param(
        0.02, "yearly fall in the death rates care acts on (after an acute event, from a "
        "cancer), whoever commissions (sim.outcomes.treatment_trend)",
        "derived: ONS avoidable mortality in England and Wales fell 28% from 2001 to 2011 "
        "(243.2 to 175.8 per 100,000, about 3.2% a year), part of it from prevention "
        "(smoking), and the avoidable cancer rate stopped falling after 2009 (ONS, "
        "Avoidable mortality in England and Wales 2011 and 2012); assumption: about 2% a "
        "year from treatment; checked by target avoidable_mortality_yearly_change",
        ge=0, le=0.2,
        prior=uniform(0.0, 0.04, basis=(
            "ONS avoidable mortality 2001-11: about 3.2% a year in all; none to all of it "
            "from treatment rather than prevention")))

    # --- Cancer pathway (sim.people.cancer, sim.outcomes.cancer_pathway) -----------------
    cancer_progression_per_year: float = param(
        0.7, "yearly rate at which an undiagnosed early-stage cancer (stage 1-2) spreads to "
        "late stage (3-4)",
        "assumption: a mean of about 1.4 years in the early, curable phase before spread; "
        "screening studies put the pre-clinical phase at 2-4 years for breast and bowel "
        "cancer and under a year for lung (Duffy et al. 1995, as cited, for breast); with "
        "the presentation rates it gives target cancer_early_stage_share", ge=0, le=5,
        prior=uniform(0.3, 1.2, basis=(
            "assumption: mean early-stage sojourn from under a year (lung) to over three "
            "years (breast, bowel; Duffy et al. 1995, as cited)")))
    cancer_gp_presentation_early_per_year: float = param(
        0.5, "yearly rate at which a person with an undiagnosed early-stage cancer "
        "presents to their GP with symptoms and is referred urgently",
        "calibrated to target cancer_early_stage_share (0.45) with the progression rate: "
        "about half of cancers found at stage 1-2 (model 0.48, 2010-11, seed 1, 3 "
        "replicates)", ge=0, le=10,
        prior=uniform(0.3, 0.8, basis=(
            "assumption: early cancers often have no or vague symptoms; patients wait a "
            "median of weeks to months before consulting (Macleod et al., British Journal "
            "of Cancer 2009)")))
    cancer_gp_presentation_late_per_year: float = param(
        3.0, "yearly rate at which a person with an undiagnosed late-stage cancer presents "
        "to their GP and is referred urgently",
        "assumption: symptoms of advanced disease bring most people to their GP within "
        "months (Macleod et al., British Journal of Cancer 2009)", ge=0, le=20,
        prior=uniform(2.0, 5.0, basis=(
            "assumption: a median of two to six months from advanced symptoms to "
            "presentation (Macleod et al., British Journal of Cancer 2009)")))
    cancer_emergency_presentation_early_per_year: float = param(
        0.05, "yearly rate at which an undiagnosed early-stage cancer is found in an "
        "emergency admission",
        "assumption: emergency presentation is mostly of advanced disease; a few early "
        "cancers are found incidentally or by obstruction or bleeding", ge=0, le=5)
    cancer_emergency_presentation_late_per_year: float = param(
        1.7, "yearly rate at which an undiagnosed late-stage cancer is found in an "
        "emergency admission",
        "calibrated to target cancer_emergency_presentation_share (0.23, Elliss-Brookes "
        "et al., British Journal of Cancer 2012): with the GP rate, about two in five "
        "late cancers present as emergencies (model 0.23, 2010-11, seed 1, 3 "
        "replicates)", ge=0, le=20,
        prior=uniform(1.2, 3.0, basis=(
            "Elliss-Brookes et al., British Journal of Cancer 2012 (107:1220): 23% of "
            "cancers diagnosed in England 2006-08 presented as emergencies, mostly at late "
            "stage; the split between GP and emergency routes for late cancers is "
            "assumed")))
    cancer_death_early_per_year: float = param(
        0.03, "yearly excess death rate of a diagnosed early-stage cancer",
        "derived: five-year relative survival of stage 1-2 cancers about 85-90% across "
        "the common sites (NCIN/ONS, Cancer survival by stage at diagnosis, England), "
        "i.e. about 0.03 a year over five years before cure", ge=0, le=2,
        prior=uniform(0.015, 0.05, basis=(
            "NCIN/ONS cancer survival by stage: five-year relative survival of stage 1-2 "
            "from about 75% to over 95% by site")))
    cancer_death_late_per_year: float = param(
        0.4, "yearly excess death rate of a late-stage cancer (diagnosed or not)",
        "derived: one-year survival of stage 3-4 cancers about 60-70% and five-year "
        "about a quarter to a third (NCIN/ONS, Cancer survival by stage at diagnosis, "
        "England); with the cure rate 0.15 a year this gives 32% surviving five years",
        ge=0, le=5,
        prior=uniform(0.25, 0.6, basis=(
            "NCIN/ONS cancer survival by stage: stage 3 five-year survival about 40%, "
            "stage 4 about 10%, by site and mix")))
    cancer_death_age_ratio: float = param(
        1.4, "ratio of a cancer's death rate per decade of age at the same stage",
        "assumption: five-year relative survival falls with age at diagnosis for most "
        "cancers, from about 80% under 40 to about 40% over 80 (ONS, Cancer survival in "
        "England, patients diagnosed 2005-09); with it, cancer causes about a quarter of "
        "deaths at 25-44 and about two-fifths at 45-64, as in ONS 2009 death registrations",
        ge=1, le=3, prior=uniform(1.2, 1.6, basis=(
            "ONS, Cancer survival in England 2005-09: relative survival by age at "
            "diagnosis")))
    cancer_cure_per_year: float = param(
        0.15, "yearly rate at which a diagnosed cancer that has not killed stops carrying "
        "excess risk (counted as cured)",
        "assumption: five-year survival is the usual convention for cure; 0.15 a year "
        "puts about half of survivors past their excess risk by five years", ge=0, le=2)

    def source(self, name: str) -> str:
        """The source text of one parameter, for docs and dashboards."""
        return type(self).model_fields[name].description or ""

    def unit(self, name: str) -> str:
        """The unit of one parameter."""
        extra = type(self).model_fields[name].json_schema_extra or {}
        return str(extra.get("unit", ""))
