"""The Discord front end: the bot client, the renderer, and one cog per feature.

Cogs are thin: they parse an interaction, call the domain in :mod:`bot`, and render
the result with :mod:`cogs.render`.
"""
