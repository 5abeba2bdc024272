"""Outcomes that respond to care: which admissions carry health risk, the harm of
withheld referrals and of waiting, and what a pound buys.

- ``acute_events``: an emergency admission is an acute event (care that prevents it
  prevents its risk of death and its QALY loss) or a short stay a trust adds (no health
  change);
- ``cancer_pathway``: each month's cancers spread, are found (an urgent GP referral a
  practice may withhold, or an emergency) or cured, and kill by stage;
- ``missed_referrals``: needed GP referrals withheld under an incentive raise the
  person's emergency risk for a year;
- ``treatment_trend``: the death rates care acts on fall over the decade;
- ``value``: net monetary benefit and Green Book discounting.
"""
