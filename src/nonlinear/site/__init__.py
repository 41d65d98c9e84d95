"""The reader's site: what a published page adds to the rendered note.

Math rendered at build time, figure captions, the cite box, the drawn graphs, redirect pages,
the sidebar order, and the checks run over a built site. Built on :mod:`nonlinear.vault`
(never the reverse), and like it free of MkDocs.
"""
