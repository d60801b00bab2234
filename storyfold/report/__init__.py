"""Renderers of an :class:`~storyfold.model.Analysis`: JSON (the contract), Markdown, HTML."""

from storyfold.report.json import analysis_to_dict, render_json
from storyfold.report.markdown import render_markdown

__all__ = ["analysis_to_dict", "render_json", "render_markdown"]
