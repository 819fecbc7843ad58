"""repdash: a gamified terminal dashboard for B2B sales reps and their managers.

Kept empty on purpose: importing the package must stay cheap (the CLI and the
first frame import only what they need).
"""

__version__ = "0.1.0"
