"""The web UI over the SQLite store (a copy of the sample corpus's store per test); the same pages are tested
over the batch reader in test_routes.py and test_safety.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest


@pytest.fixture()
def store_client(sample_store: Path, test_settings):
    from storyfold.store import Store
    from tests.web.conftest import make_client

    store_path = sample_store
    writer = Store.open(store_path, settings=test_settings)
    client = make_client(lambda: Store.open(store_path, readonly=True), writer=writer, allow_uploads=True,
                         upload_folder=store_path.parent / "uploads")
    yield client, writer
    client.app.state.readers.close()
    writer.close()


def test_store_pages_render(store_client) -> None:
    client, writer = store_client
    rows = client.get("/api/stories").json()["stories"]
    assert rows
    biggest = max(rows, key=lambda r: len(r["articles"]))
    page = client.get(f"/stories/{biggest['id']}").text
    assert '<section class="history"' in page and 'class="coverage-matrix"' in page
    assert writer.story_history(biggest["id"])  # the store records at least the story's creation
    assert client.get(f"/articles/{biggest['articles'][0]}").status_code == 200
    assert client.get("/api/search", params={"q": "ammonia"}).json()["hits"]


def test_upload_into_the_store_joins_a_story(store_client, tmp_path: Path) -> None:
    client, writer = store_client
    from tests.web.test_browser import UPLOADED_ARTICLE

    client.get("/upload")
    token = client.cookies.get("storyfold_csrf")
    response = client.post("/upload", files={"files": ("families-return.txt", UPLOADED_ARTICLE.encode())},
                           data={"csrf": token}, headers={"accept": "application/json"})
    assert response.status_code == 200, response.text
    [row] = response.json()["files"]
    assert row["status"] == "added" and row["story"]
    page = client.get(f"/stories/{row['story']}").text
    assert f'href="/articles/{row["article"]}"' in page
    saved = list((writer.path.parent / "uploads").rglob("*families-return.txt")) if hasattr(writer, "path") else []
    assert saved and all(p.resolve().is_relative_to(Path(writer.path).parent.resolve()) for p in saved)


def test_outlet_lenses_over_the_store(store_client) -> None:
    client, writer = store_client
    writer.set_outlets([{"name": "Daily Courant", "domain": None, "attributes": {"lean": "left"}}])
    client.app.state.cache.bump()
    rows = client.get("/api/stories").json()["stories"]
    story = next(r for r in rows if "Daily Courant" in r["outlets"])
    assert re.search(r'data-attribute="lean"', client.get(f"/stories/{story['id']}").text)
