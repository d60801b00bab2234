"""The stage shape: counts and reasons recorded, and batch failures that stay soft."""

from __future__ import annotations

import pytest

from storyfold.clean import CleanStage
from storyfold.dedup import DedupStage
from storyfold.model import Article, Skipped
from storyfold.pipeline import STRICT_ENV, Stage
from tests.mini_corpus import COAST_COURIER, HARBOUR_TRIBUNE


class _KeepLong(Stage):
    name = "keep-long"

    def process(self, article: Article) -> str | None:
        if article.raw.startswith("boom"):
            raise RuntimeError("odd page")
        return None if len(article.raw) > 10 else "too short"


def _articles(*texts: str) -> list[Article]:
    return [Article(id=f"a{i}", source=f"in/{i}.txt", raw=t) for i, t in enumerate(texts)]


def test_stage_counts_kept_and_dropped_with_reasons() -> None:
    skipped: list[Skipped] = []
    kept, stats = _KeepLong().run(_articles("a long enough text", "short", "boom goes the parser"), skipped)
    assert [a.id for a in kept] == ["a0"]
    assert (stats.seen, stats.kept) == (3, 1)
    assert stats.dropped["too short"] == 1
    assert [s.source for s in skipped] == ["in/1.txt", "in/2.txt"]
    assert "keep-long failed: RuntimeError: odd page" in skipped[1].reason


def test_progress_is_reported_per_stage() -> None:
    calls: list[tuple[str, int, int]] = []
    _KeepLong().run(_articles("a long enough text", "another long text"), [], lambda *c: calls.append(c))
    assert calls[-1] == ("keep-long", 2, 2)


def test_dedup_failure_leaves_every_article_independent(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(STRICT_ENV, raising=False)
    monkeypatch.setattr(DedupStage, "_copy_groups", lambda self, docs: 1 / 0)
    articles = _articles(HARBOUR_TRIBUNE, HARBOUR_TRIBUNE + " ")
    kept, _ = DedupStage().run(articles, [])
    assert kept == articles and all(a.duplicate_of is None for a in kept)


def test_clean_pre_pass_failure_still_cleans_each_article(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(STRICT_ENV, raising=False)
    monkeypatch.setattr("storyfold.clean.repeated_keys_by_article", lambda *args: 1 / 0)
    kept, _ = CleanStage().run(_articles(COAST_COURIER), [])
    assert len(kept) == 1
    assert "rescued 42 passengers" in kept[0].text
    assert "Share this article" not in kept[0].text


def test_strict_mode_re_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(STRICT_ENV, "1")
    monkeypatch.setattr(DedupStage, "_copy_groups", lambda self, docs: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        DedupStage().run(_articles(HARBOUR_TRIBUNE), [])


def test_the_engine_refuses_a_step_list_wired_out_of_order() -> None:
    from storyfold.engines.local import MissingInput, run_steps
    from storyfold.engines.steps import AnalyzeStep, NlpStep
    from storyfold.pipeline import RunState
    from storyfold.settings import Settings

    with pytest.raises(MissingInput, match="'analyze' needs groups"):
        run_steps([NlpStep(), AnalyzeStep()], RunState(Settings(), articles=[]))


def test_the_engine_counts_each_declared_step_once() -> None:
    from storyfold.engines.local import run_steps
    from storyfold.pipeline import RunState, StageStep
    from storyfold.settings import Settings

    state = RunState(Settings(), articles=_articles("a long enough text", "short", "boom goes the parser"))
    run_steps([StageStep(_KeepLong())], state)
    (stats,) = state.stats
    assert (stats.name, stats.seen, stats.kept) == ("keep-long", 3, 1)
    assert sum(stats.dropped.values()) == 2 and len(state.skipped) == 2
