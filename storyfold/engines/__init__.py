"""Engines run a declared list of pipeline steps (storyfold.pipeline.Step).

``local`` runs them in this process over one batch; the Spark engine (``spark``) reuses the same step objects
for the per-article work.  Steps never import an engine.
"""
