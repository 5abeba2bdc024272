"""Checking the model: calibration against England's figures, and a plain one-agent-per-
patient reference implementation of the patient rules.
"""
