"""Recording a run: the monthly time series, the per-organisation table, and the
accounts closed at each year end.
"""
