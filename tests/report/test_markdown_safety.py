"""Markdown output: nothing from an article forms a live link, image, raw HTML or an entity."""

from __future__ import annotations

import re

from storyfold.report.markdown import md_text, render_markdown
from tests.web.hostile import hostile_analysis


def _unescaped(text: str, char: str) -> list[int]:
    """Positions of ``char`` that are not backslash-escaped and not inside a code span."""
    outside = re.sub(r"`[^`]*`", lambda m: " " * len(m.group(0)), text)
    return [m.start() for m in re.finditer(re.escape(char), outside) if outside[m.start() - 1:m.start()] != "\\"]


def test_link_image_and_html_syntax_is_escaped() -> None:
    shown = md_text("read [click](javascript:alert(1)) ![x](https://evil.example/p.png) <script>x</script> &lt;")
    for char in "[]()<>!&":
        assert _unescaped(shown, char) == [], (char, shown)


def test_bare_urls_and_emails_sit_in_code_spans_so_they_never_autolink() -> None:
    shown = md_text("visit www.evil.example or https://evil.example/a or write to tips@evil.example")
    assert "`www.evil.example`" in shown
    assert "`https://evil.example/a`" in shown
    assert "`tips@evil.example`" in shown


def test_newlines_cannot_start_a_heading_or_table_row() -> None:
    assert "\n" not in md_text("line one\n# Heading\n| a | b |")
    assert _unescaped(md_text("a | b"), "|") == []


def test_whole_report_of_a_hostile_story_has_no_live_markup() -> None:
    report = render_markdown(hostile_analysis())
    for char in "<>[]!":
        assert _unescaped(report.replace("**", ""), char) == [], char
    assert "Marrow Bridge" in report  # the words themselves are still there


def test_a_commonmark_renderer_makes_no_link_image_or_html_from_it() -> None:
    from markdown_it import MarkdownIt

    html = MarkdownIt("commonmark", {"html": True}).enable("table").render(render_markdown(hostile_analysis()))
    for tag in ("<a ", "<img", "<script", "<iframe"):
        assert tag not in html, tag
    assert "&lt;script&gt;" in html  # shown as text


def test_labels_never_show_file_names() -> None:
    report = render_markdown(hostile_analysis())
    assert "bad" not in report.split("### Articles")[0]  # the hostile file name is not a label
    assert "valleypost" not in report or "Valley Post" in report
