"""Reading the files people write (scenario and sweep TOML) and turning their mistakes
into clear errors.
"""
