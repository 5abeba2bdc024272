"""``healthsim decide``: choosing between scenarios when the inputs are uncertain.

- ``inputs``: the uncertain inputs (sourced priors, structural choices) and their draws;
- ``plan``: a decision as a sweep (arms x draws x replicates, common random numbers);
- ``run``: the runs on the sweep executors, then the report;
- ``analysis``: paired differences, P(best), regret, PRIM flip boxes, EVPPI;
- ``report``: ``decision_report.md``, its tables and plots.
"""
