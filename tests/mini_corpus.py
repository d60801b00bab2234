"""A small corpus written in code: three outlets covering one fictional event, plus bad inputs.

Front-end tests (CLI, reports) use it so they do not depend on the bundled sample corpus.
"""

from __future__ import annotations

from pathlib import Path

HARBOUR_TRIBUNE = """date 2024-06-12
Menu  News  Sport  Weather  Sign in
Harbour Tribune

Ferry runs aground off Velmora, 40 passengers rescued

By Elena Marsh

A passenger ferry ran aground near the island of Velmora on Tuesday, and coastguard crews rescued 40 passengers \
from the stricken vessel, the regional coastguard said.

The ferry, the Saint Brendan, struck a sandbank shortly after leaving the port of Carrow at dawn. Nobody was \
seriously hurt, according to coastguard commander Ilse Varga.

"The sea was calm and the crew acted quickly. Every passenger was off the boat within two hours," Varga told \
reporters at the harbour.

The operator, Northline Ferries, said it would inspect its whole fleet and that services to Velmora would resume \
on Friday.

Support independent local journalism. Donate today and help us keep reporting.
Sign up for our morning newsletter
Related: Storm warnings issued for the northern coast
"""

COAST_COURIER = """Coast Courier | Home | Local | Subscribe

Coastguard rescues passengers after ferry hits sandbank

Published June 11, 2024 by Tomas Reyes

Coastguard crews rescued 42 passengers on Tuesday after the ferry Saint Brendan hit a sandbank off Velmora \
island, officials said.

Commander Ilse Warga of the regional coastguard said no one was seriously injured. "Every passenger was off the \
boat within two hours," she said.

Northline Ferries said services to the island would resume on Friday after an inspection of its fleet.

Local fishermen said the sandbank had shifted after last winter's storms and should have been marked.

Share this article: Facebook Twitter Email
(c) 2024 Coast Courier. All rights reserved.
"""

ISLAND_DAILY = """<!doctype html>
<html lang="en"><head><title>Ferry aground near Velmora | Island Daily</title>
<meta property="og:site_name" content="Island Daily">
<meta name="author" content="Priya Lund">
<meta property="article:published_time" content="2024-06-11T17:20:00Z">
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article>
<h1>Ferry aground near Velmora</h1>
<p>A ferry carrying dozens of passengers ran aground off Velmora on Tuesday morning, and all on board were \
rescued by the coastguard, the operator Northline Ferries said.</p>
<p>The Saint Brendan had left Carrow shortly before sunrise when it struck a sandbank in shallow water.</p>
<p>Coastguard commander Ilse Varga said the crew had acted quickly and that every passenger was ashore within \
two hours of the alarm.</p>
<p>Northline Ferries said it would inspect its fleet and expected to resume services to Velmora on Friday.</p>
</article>
<aside><h3>Most read</h3><ul><li><a href="/a">Council approves new harbour wall</a></li></ul></aside>
<footer>Copyright 2024 Island Daily. Privacy policy. Cookie settings.</footer>
</body></html>
"""


def write_mini_corpus(folder: Path) -> dict[str, Path]:
    """Write the three good articles into ``folder``; return them by outlet."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "Harbour Tribune": folder / "harbour-tribune.txt",
        "Coast Courier": folder / "coast-courier.txt",
        "Island Daily": folder / "island-daily.html",
    }
    files["Harbour Tribune"].write_text(HARBOUR_TRIBUNE, "utf-8")
    files["Coast Courier"].write_text(COAST_COURIER, "utf-8")
    files["Island Daily"].write_text(ISLAND_DAILY, "utf-8")
    return files


def write_bad_inputs(folder: Path) -> dict[str, Path]:
    """A binary file and an empty file: both must be skipped with a reason."""
    folder.mkdir(parents=True, exist_ok=True)
    binary = folder / "photo.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00" + bytes(range(256)) * 4)
    empty = folder / "empty.txt"
    empty.write_text("", "utf-8")
    return {"binary": binary, "empty": empty}
