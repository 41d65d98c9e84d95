"""The vault engine: Obsidian Flavored Markdown read once, resolved once, reported once.

Pure and MkDocs-free. The flow of one build:

* :mod:`~nonlinear.vault.paths`, :mod:`~nonlinear.vault.frontmatter`,
  :mod:`~nonlinear.vault.codeblocks`, :mod:`~nonlinear.vault.links`: the parts of a note;
* :mod:`~nonlinear.vault.index`: ``VaultIndex.build``, the one parse of the vault;
* :mod:`~nonlinear.vault.resolve`: the one resolver; :mod:`~nonlinear.vault.report` checks
  every link with it; :mod:`~nonlinear.vault.embeds` expands transclusions;
  :mod:`~nonlinear.vault.backlinks` and :mod:`~nonlinear.vault.graph` are lookups on its answers;
* :mod:`~nonlinear.vault.markdown_ext`, :mod:`~nonlinear.vault.callouts`,
  :mod:`~nonlinear.vault.comments`, :mod:`~nonlinear.vault.tags`: the Python-Markdown
  extensions that render the syntax;
* :mod:`~nonlinear.vault.engine`: everything above for one build, as the hooks see it.

Imports point one way: :mod:`nonlinear.site` uses this package, never the reverse.
"""
