"""The people of the economy: who they are, how they age, fall ill, move and die, and the
random draws that make it happen.
"""
