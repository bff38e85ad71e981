"""Benchmarks: search cost as the corpus grows, and search quality, against the usual libraries.

Run with the ``bench`` extra installed (``pip install -e ".[bench]"``); see README.md.
"""
