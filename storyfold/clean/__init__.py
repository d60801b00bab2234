"""(being written by a helper)"""

from __future__ import annotations

from storyfold.pipeline import Stage


class CleanStage(Stage):
    name = "clean"

    def process(self, article):
        article.text = article.raw
        return None
