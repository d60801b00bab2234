"""The scorer: a perfect analysis scores 1.0 everywhere, and each kind of mistake lowers its own component."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from storyfold.errors import InputError
from storyfold.evaluate import (
    bcubed,
    evaluate,
    format_table,
    keyword_matches,
    load_gold,
    normalize,
    source_key,
    speaker_forms,
    speaker_matches,
)
from tests.conftest import SAMPLES

ROOT = "data/corpus"


def _article(outlet, title, authors, published, story, keep, remove, duplicate_of=None, url=None):
    entry = {"outlet": outlet, "title": title, "authors": authors, "published": published, "story": story,
             "duplicate_of": duplicate_of, "keep": keep, "remove": remove}
    return {**entry, "url": url} if url else entry


# A small fictional gold: a dam-spillway story told by three outlets (one a wire copy), and a singleton.
GOLD: dict[str, Any] = {
    "articles": {
        "tide.txt": _article(
            "The Harbour Tide", "Spillway gate fails at Orlen dam", ["Mira Sol"], "2024-10-02", "dam",
            ["The gate jammed open on Tuesday night, the operator said.",
             "About 1,500 people were moved to higher ground."],
            ["Subscribe for 1 euro a week", "Most read: Ferry fares to rise"]),
        "feed.jsonl#1": _article(
            "Valley Wire", "Dam gate jams, villages evacuated", ["Ana Petrova"], "2024-10-02", "dam",
            ["Engineers from the Orlen dam operator worked through the night."], [],
            url="https://valleywire.example/orlen-dam"),
        "feed.jsonl#2": _article(
            "Lakeside News", "Dam gate jams, villages evacuated", ["Ana Petrova"], "2024-10-03", "dam",
            ["Engineers from the Orlen dam operator worked through the night."], ["Comments (12)"],
            duplicate_of="feed.jsonl#1"),
        "chess.html": _article(
            "Board Weekly", "Teenager wins the open chess title", ["Leo Grant"], "2024-10-01", "chess",
            ["She won the final game in 41 moves."], ["Advertisement"]),
    },
    "stories": {
        "dam": {
            "entities": [{"name": "Oleksiy Hordiyenko", "type": "PERSON", "variants": ["Alexei Gordienko"]},
                         {"name": "Orlen dam", "type": "FAC", "variants": []}],
            "facts": [{"text": "Residents were evacuated.", "keywords": ["evacuat|moved", "1,500|1500"],
                       "articles": ["tide.txt", "feed.jsonl#1"]}],
            "discrepancies": [{"kind": "number", "about": "evacuated", "values": ["1,500", "2,000"]},
                              {"kind": "wording|claim", "about": "cause", "values": ["may have", "was caused by"]}],
            "quotes": [{"speaker": "Oleksiy Hordiyenko", "fragment": "The gate will be closed by Friday",
                        "articles": ["tide.txt"]}],
            "timeline": [{"date": "2024-10-01", "keywords": ["gate|jam"]}],
        },
        "chess": {"entities": [], "facts": [], "discrepancies": [], "quotes": [], "timeline": []},
    },
}


def perfect_analysis(gold: dict[str, Any], root: str = ROOT) -> dict[str, Any]:
    """An analysis in the contract shape that says exactly what the gold says."""
    ids = {key: f"id{n}" for n, key in enumerate(gold["articles"])}
    articles = [
        {"id": ids[key], "source": f"{root}/{key}", "url": g.get("url"), "outlet": g["outlet"], "title": g["title"],
         "authors": list(g["authors"]), "published": g["published"], "text": " ".join(g["keep"]),
         "removed": [{"text": r, "reason": "chrome"} for r in g["remove"]],
         "duplicate_of": ids.get(g["duplicate_of"] or "")}
        for key, g in gold["articles"].items()
    ]
    return {"articles": articles, "stories": [
        perfect_story(n, key, story, ids, gold) for n, (key, story) in enumerate(gold["stories"].items(), start=1)]}


def first_alternatives(keywords: list[str]) -> str:
    return " ".join(k.split("|")[0] for k in keywords)


def perfect_story(n: int, key: str, story: dict[str, Any], ids: dict[str, str], gold: dict[str, Any]) -> dict[str, Any]:
    members = [ids[k] for k, g in gold["articles"].items() if g["story"] == key]
    return {
        "id": f"s{n}", "title": key, "articles": members,
        "entities": [{**e, "sources": members} for e in story["entities"]],
        "facts": [{"id": f"f{i}", "text": first_alternatives(f["keywords"]), "sources": [ids[a] for a in f["articles"]],
                   "evidence": []} for i, f in enumerate(story["facts"])],
        "discrepancies": [{"about": d["about"], "kind": d["kind"].split("|")[0],
                           "values": [{"value": v.split("|")[0], "sources": members} for v in d["values"]]}
                          for d in story["discrepancies"]],
        "quotes": [{"speaker": q["speaker"], "text": q["fragment"], "sources": members, "variants": []}
                   for q in story["quotes"]],
        "timeline": [{"date": t["date"], "text": first_alternatives(t["keywords"]), "sources": members}
                     for t in story["timeline"]],
    }


def test_perfect_analysis_scores_one_everywhere() -> None:
    scores = evaluate(perfect_analysis(GOLD), GOLD, ROOT)
    for name, score in scores.items():
        assert (score.precision, score.recall, score.f1) == (1.0, 1.0, 1.0), name
    assert scores["clustering"].details["story_count_match"] is True
    assert scores["entities"].details["variant_recall"] == 1.0
    assert scores["facts"].details["source_recall"] == 1.0


def test_perfect_analysis_of_the_bundled_gold_scores_one() -> None:
    """The bundled gold is internally consistent with the scorer's rules."""
    gold = load_gold(SAMPLES / "gold.json")
    scores = evaluate(perfect_analysis(gold, "samples/corpus"), gold, "samples/corpus")
    assert all(score.f1 == 1.0 for score in scores.values()), format_table(scores)


def test_chrome_left_in_lowers_cleaning_recall_and_lost_sentences_lower_precision() -> None:
    analysis = perfect_analysis(GOLD)
    tide = analysis["articles"][0]
    tide["text"] += " Subscribe for 1 euro a week"
    assert evaluate(analysis, GOLD, ROOT)["cleaning"].recall == pytest.approx(3 / 4)
    tide["text"] = "About 1,500 people were moved to higher ground."
    score = evaluate(analysis, GOLD, ROOT)["cleaning"]
    assert score.precision == pytest.approx(4 / 5)  # all 4 chrome strings gone, 1 kept sentence lost
    assert score.details["kept"] == "4/5"


def test_metadata_counts_each_field() -> None:
    analysis = perfect_analysis(GOLD)
    analysis["articles"][0]["outlet"] = "Harbour Tide"  # a leading "The" does not matter
    analysis["articles"][1]["published"] = "2024-10-02T09:30:00Z"  # a timestamp on the right day is right
    analysis["articles"][2]["authors"] = []
    analysis["articles"][3]["title"] = "Teenager wins the open chess title | Board Weekly"
    score = evaluate(analysis, GOLD, ROOT)["metadata"]
    assert score.details["outlet"] == 1.0 and score.details["published"] == 1.0
    assert score.details["authors"] == 0.75 and score.details["title"] == 0.75
    assert score.recall == pytest.approx(14 / 16)
    assert score.precision == pytest.approx(14 / 15)


def test_dedup_pairs_ignore_direction_and_count_false_links() -> None:
    analysis = perfect_analysis(GOLD)
    arts = analysis["articles"]
    arts[1]["duplicate_of"], arts[2]["duplicate_of"] = arts[2]["id"], None  # reversed direction: still right
    assert evaluate(analysis, GOLD, ROOT)["dedup"].f1 == 1.0
    arts[3]["duplicate_of"] = arts[0]["id"]
    score = evaluate(analysis, GOLD, ROOT)["dedup"]
    assert (score.precision, score.recall) == (0.5, 1.0)
    for article in arts:
        article["duplicate_of"] = None
    assert evaluate(analysis, GOLD, ROOT)["dedup"].precision == 0.0  # finding nothing is not precise


def test_merged_stories_lower_clustering_precision() -> None:
    analysis = perfect_analysis(GOLD)
    dam, chess = analysis["stories"]
    dam["articles"] += chess["articles"]
    analysis["stories"] = [dam]
    score = evaluate(analysis, GOLD, ROOT)["clustering"]
    assert score.recall == 1.0
    assert score.precision == pytest.approx((3 * 3 / 4 + 1 / 4) / 4)
    assert score.details["story_count_match"] is False


def test_bcubed_on_a_hand_computed_split() -> None:
    gold = {"a": "x", "b": "x", "c": "x", "d": "y"}
    predicted = {"a": "1", "b": "1", "c": "2", "d": "2"}
    precision, recall = bcubed(gold, predicted)
    assert precision == pytest.approx((1 + 1 + 0.5 + 0.5) / 4)
    assert recall == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1) / 4)


def test_entity_split_across_spellings_keeps_recall_but_loses_variants() -> None:
    analysis = perfect_analysis(GOLD)
    dam = analysis["stories"][0]
    dam["entities"] = [
        {"name": "Oleksiy Hordiyenko", "type": "PERSON", "variants": [], "sources": []},
        {"name": "Alexei Gordienko", "type": "PERSON", "variants": [], "sources": []},
        {"name": "Orlen dam", "type": "FAC", "variants": [], "sources": []},
        {"name": "Tuesday", "type": "DATE", "variants": [], "sources": []},
    ]
    score = evaluate(analysis, GOLD, ROOT)["entities"]
    assert score.recall == 1.0
    assert score.details["variant_recall"] == 0.0
    assert score.precision == pytest.approx(2 / 4)


def test_fact_found_through_evidence_with_partial_sources() -> None:
    analysis = perfect_analysis(GOLD)
    ids = [a["id"] for a in analysis["articles"]]
    analysis["stories"][0]["facts"] = [{
        "id": "f1", "text": "Villagers left their homes.", "sources": [ids[0]], "independent_sources": 1,
        "evidence": [{"article": ids[0], "text": "About 1,500 people were moved to higher ground.", "start": 0,
                      "end": 47}]}]
    score = evaluate(analysis, GOLD, ROOT)["facts"]
    assert score.recall == 1.0
    assert score.details["source_recall"] == 0.5


def test_discrepancy_needs_kind_and_every_value() -> None:
    analysis = perfect_analysis(GOLD)
    numbers, wording = analysis["stories"][0]["discrepancies"]
    numbers["values"] = [{"value": "1500 people", "sources": []}, {"value": "15000", "sources": []}]
    wording["kind"] = "claim"  # gold accepts wording or claim
    score = evaluate(analysis, GOLD, ROOT)["discrepancies"]
    assert score.recall == 0.5 and score.precision == 0.5


def test_quote_needs_fragment_and_the_right_speaker_in_any_spelling() -> None:
    analysis = perfect_analysis(GOLD)
    quote = analysis["stories"][0]["quotes"][0]
    quote["text"] = "“The gate will be closed by Friday,” he added, “and the road reopened.”"
    quote["speaker"] = "regional governor Alexei Gordienko"
    assert evaluate(analysis, GOLD, ROOT)["quotes"].recall == 1.0
    quote["speaker"] = "the operator"
    assert evaluate(analysis, GOLD, ROOT)["quotes"].recall == 0.0


def test_timeline_needs_the_same_date() -> None:
    analysis = perfect_analysis(GOLD)
    analysis["stories"][0]["timeline"][0]["date"] = "2024-10-02"
    assert evaluate(analysis, GOLD, ROOT)["timeline"].f1 == 0.0


def test_record_renumbered_by_ingest_is_matched_by_url() -> None:
    analysis = perfect_analysis(GOLD)
    analysis["articles"][1]["source"] = f"{ROOT}/feed.jsonl#record-0"
    analysis["articles"][3]["source"] = "/elsewhere/unknown.html"
    scores = evaluate(analysis, GOLD, ROOT)
    assert scores["articles"].recall == 0.75 and scores["articles"].precision == 0.75
    assert scores["metadata"].support == 12


def test_source_key_is_relative_to_the_corpus_root(tmp_path: Path) -> None:
    assert source_key("samples/corpus/feeds.jsonl#3", "samples/corpus") == "feeds.jsonl#3"
    assert source_key(str(tmp_path / "a" / "b.txt"), str(tmp_path)) == "a/b.txt"
    assert source_key("other/b.txt", str(tmp_path)) == "other/b.txt"


def test_text_matching_rules() -> None:
    assert normalize("  “12,000”   Residents ") == '"12000" residents'
    assert keyword_matches("killed|died", normalize("Two men died."))
    assert keyword_matches("40", normalize("40 injured")) and not keyword_matches("40", normalize("400 injured"))
    forms = speaker_forms("Oleksiy Hordiyenko", GOLD["stories"]["dam"])
    assert speaker_matches("Gordienko", forms) and not speaker_matches("he", forms)


def test_format_table_has_one_row_per_component() -> None:
    table = format_table(evaluate(perfect_analysis(GOLD), GOLD, ROOT))
    lines = table.splitlines()
    assert lines[0].startswith("| component | precision")
    assert len(lines) == 2 + 10
    assert any(line.startswith("| clustering (B-cubed) | 1.000") for line in lines)


def test_load_gold_names_the_file_and_the_fix(tmp_path: Path) -> None:
    bad = tmp_path / "gold.json"
    bad.write_text(json.dumps({"articles": []}), "utf-8")
    with pytest.raises(InputError, match=r"samples/README\.md"):
        load_gold(bad)
    with pytest.raises(InputError, match="cannot read"):
        load_gold(tmp_path / "missing.json")
    assert load_gold(SAMPLES / "gold.json")["stories"]


def test_scorer_does_not_change_its_input() -> None:
    analysis = perfect_analysis(GOLD)
    before = copy.deepcopy(analysis)
    evaluate(analysis, GOLD, ROOT)
    assert analysis == before


def test_judged_items_key_by_offsets_and_text_hash(tmp_path):
    """A judgement matches the item storyfold produces by document, offsets and text hash; an
    edited text makes the item unjudged instead of scoring a stale verdict."""
    from storyfold.judged import judgement_key, produced_items, text_sha
    from storyfold.model import Discrepancy, DiscrepancyValue, Evidence, Fact, Story

    texts = {"a/1.json.gz": "Rescuers pulled two miners from the shaft on Monday.",
             "b/2.json.gz": "Two miners were pulled from the shaft, officials said."}
    one = Evidence("a/1.json.gz", texts["a/1.json.gz"][:38], 0, 38)
    two = Evidence("b/2.json.gz", texts["b/2.json.gz"][:38], 0, 38, "officials said")
    story = Story(id="s", title="t", articles=list(texts), summary=[],
                  facts=[Fact("f1", "x", list(texts), 2, [one, two])],
                  discrepancies=[Discrepancy("day", "date", [DiscrepancyValue("Monday", ["a/1.json.gz"], [one]),
                                                             DiscrepancyValue("Sunday", ["b/2.json.gz"], [two])])],
                  entities=[], quotes=[], timeline=[], exclusives=[])
    items = produced_items(story, texts)
    judged_pair = {"kind": "fact_pair", "evidence": [
        {"doc": e.article, "start": e.start, "end": e.end, "sha": text_sha(texts[e.article][e.start:e.end])}
        for e in (two, one)]}
    assert judgement_key(judged_pair) in items["fact_pair"]
    judged_disc = dict(judged_pair, kind="discrepancy", discrepancy_kind="date")
    assert judgement_key(judged_disc) in items["discrepancy"]
    edited = dict(texts, **{"a/1.json.gz": "Rescuers hauled two miners from the shaft on Monday."})
    assert judgement_key(judged_pair) not in produced_items(story, edited)["fact_pair"]


def test_judged_precision_skips_cleanly_without_the_dataset(tmp_path):
    from storyfold.judged import judged_precision

    assert judged_precision(tmp_path / "absent", tmp_path) == {}
