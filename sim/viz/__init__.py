"""Plots of runs: the summary figure of a run."""
