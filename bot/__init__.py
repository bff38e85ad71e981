"""Thawbot: cited passages on Stalin, Khrushchev and de-Stalinization for history classes.

Everything in this package is plain Python that never imports discord; the Discord
front end lives in :mod:`cogs`.
"""

__version__ = "0.1.0"
