"""The month's care: who uses which service, the waiting list, the services a commissioner
can buy, and what care does to health (outcomes).
"""
