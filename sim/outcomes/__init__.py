"""Outcomes that respond to care: which admissions carry health risk, the harm of
withheld referrals and of waiting, and what a pound buys.

- ``acute_events``: an emergency admission is an acute event (care that prevents it
  prevents its risk of death and its QALY loss) or a short stay a trust adds (no health
  change);
- ``missed_referrals``: needed GP referrals withheld under an incentive raise the
  person's emergency risk for a year;
- ``value``: net monetary benefit and Green Book discounting.
"""
