"""Comparing scenarios on one simulated economy (``healthsim compare``).
"""
