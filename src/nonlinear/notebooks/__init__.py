"""The notebooks that draw the figures: executed at build time, cached, turned into pages.

:mod:`~nonlinear.notebooks.run` executes and caches them; :mod:`~nonlinear.notebooks.figures`
is the house style and deterministic ``save`` the notebooks call.
"""
