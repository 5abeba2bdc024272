"""Dated policy events (a scenario's ``[[timeline]]``) and the named migration paths that
are made of them.
"""
