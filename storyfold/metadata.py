"""(being written by a helper)"""

from __future__ import annotations

from storyfold.pipeline import Stage


class MetadataStage(Stage):
    name = "metadata"

    def process(self, article):
        return None
