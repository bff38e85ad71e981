"""The terminal front ends over the domain in :mod:`bot`: the offline console
(:mod:`console.session`) and the ``python -m bot`` command line (:mod:`console.cli`).

A sibling of :mod:`cogs` (Discord): neither imports the other, and :mod:`bot` imports
neither (only ``bot/__main__.py``, the process entry point, starts :mod:`console.cli`).
"""
