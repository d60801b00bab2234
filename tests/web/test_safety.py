"""Safety of the web UI: escaping, headers, path parameters, CSRF, upload limits and where uploads land."""

from __future__ import annotations

import io
import re
import zipfile

import pytest


def test_hostile_text_title_and_outlet_show_as_text(hostile_client) -> None:
    for path in ("/", "/stories/shostile01", "/articles/a1hostile", "/outlets", "/?q=reader"):
        page = hostile_client.get(path).text
        assert "<script>window" not in page, path
        assert "<img src=x" not in page and "<iframe" not in page, path
        assert "onerror=" not in page.replace("onerror=&#34;", "").replace("onerror=&quot;", ""), path
    story = hostile_client.get("/stories/shostile01").text
    assert "&lt;script&gt;window.__pwned = 1;" in story  # the payload is visible as text
    assert "Gazette &lt;img src=x" in story


def test_the_only_script_is_the_nonce_bound_packaged_one(hostile_client) -> None:
    response = hostile_client.get("/stories/shostile01")
    csp = response.headers["content-security-policy"]
    nonce = re.search(r"'nonce-([^']+)'", csp).group(1)
    assert "unsafe-inline" not in csp and "default-src 'none'" in csp
    scripts = re.findall(r"<script[^>]*>", response.text)
    assert scripts == [f'<script src="/static/app.js" nonce="{nonce}">']
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"


def test_each_response_gets_a_fresh_nonce(client) -> None:
    first = client.get("/").headers["content-security-policy"]
    assert first != client.get("/").headers["content-security-policy"]


def test_search_snippets_escape_before_highlighting(hostile_client) -> None:
    page = hostile_client.get("/", params={"q": "reader comment"}).text
    assert "<mark>" in page and "<script>window" not in page
    from storyfold.report.html import marked_snippet

    assert str(marked_snippet("a \x02<b>x</b>\x03")) == "a <mark>&lt;b&gt;x&lt;/b&gt;</mark>"


@pytest.mark.parametrize("path", [
    "/stories/..%2F..%2Fetc%2Fpasswd", "/articles/..%2Fpyproject.toml", "/api/stories/%2e%2e",
    "/api/articles/a%00b", "/static/../app.py", "/static/%2e%2e/app.py", "/stories/" + "a" * 65,
])
def test_traversal_in_path_parameters_is_refused(client, path) -> None:
    response = client.get(path)
    assert response.status_code in (404, 400)
    assert "create_app" not in response.text and "[project]" not in response.text


def test_uploads_are_off_without_a_writer_or_permission(client) -> None:
    response = client.post("/upload", files={"files": ("a.txt", b"text")}, data={"csrf": "x" * 30})
    assert response.status_code == 403
    assert "Add articles" not in client.get("/").text


def _token(client) -> str:
    client.get("/upload")
    return client.cookies.get("storyfold_csrf")


def test_upload_without_the_csrf_token_changes_nothing(upload_setup) -> None:
    client, writer, folder = upload_setup
    _token(client)
    response = client.post("/upload", files={"files": ("a.txt", b"Some article text.")}, data={"csrf": "wrong" * 6})
    assert response.status_code == 403 and writer.added == [] and not folder.exists()
    response = client.post("/upload", files={"files": ("a.txt", b"Some article text.")})
    assert response.status_code == 403 and writer.added == []


def test_cross_site_origin_is_refused_even_with_the_token(upload_setup) -> None:
    client, writer, _ = upload_setup
    token = _token(client)
    response = client.post("/upload", files={"files": ("a.txt", b"x")}, data={"csrf": token},
                           headers={"origin": "https://evil.example"})
    assert response.status_code == 403 and writer.added == []


def test_upload_saves_inside_the_folder_under_a_safe_name(upload_setup) -> None:
    client, writer, folder = upload_setup
    token = _token(client)
    response = client.post("/upload", files=[("files", ("../../evil <b>.txt", b"A short article."))],
                           data={"csrf": token}, headers={"accept": "application/json"})
    assert response.status_code == 200, response.text
    [saved] = writer.added
    assert saved.resolve().is_relative_to(folder.resolve()) and ".." not in saved.name and "<" not in saved.name
    [row] = response.json()["files"]
    assert row["name"] == "../../evil <b>.txt" and row["status"] == "added" and row["story"] == "s1"
    html = client.post("/upload", files=[("files", ("<img src=x onerror=alert(1)>.txt", b"Text."))],
                       data={"csrf": token}).text
    assert "<img src=x" not in html and "&lt;img src=x" in html


def test_upload_limits_on_size_and_count(upload_setup) -> None:
    client, writer, folder = upload_setup
    token = _token(client)
    big = client.post("/upload", files={"files": ("big.txt", b"x" * 2_001)}, data={"csrf": token})
    assert big.status_code == 413 and "limit" in big.text
    many = client.post("/upload", files=[("files", (f"{i}.txt", b"x")) for i in range(4)], data={"csrf": token})
    assert many.status_code == 413
    assert writer.added == [] and not any(folder.glob("*/*"))


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_zip_members_are_counted_and_unpacked_sizes_checked(upload_setup) -> None:
    client, writer, folder = upload_setup
    token = _token(client)
    bomb = _zip({"huge.txt": b"0" * 1_000_000})  # compresses to ~1 kB, unpacks to 1 MB
    assert client.post("/upload", files={"files": ("b.zip", bomb)}, data={"csrf": token}).status_code == 413
    ok = _zip({"../../outside.txt": b"First article.", "dir/second.txt": b"Second article."})
    response = client.post("/upload", files={"files": ("two.zip", ok)}, data={"csrf": token},
                           headers={"accept": "application/json"})
    assert response.status_code == 200, response.text
    assert len(writer.added) == 2
    assert all(p.resolve().is_relative_to(folder.resolve()) for p in writer.added)


def test_outlet_edits_need_the_token(sample_corpus) -> None:
    from tests.web.conftest import make_client

    class Writer:
        def __init__(self) -> None:
            self.rows: list[dict] = []

        def set_outlets(self, rows):
            self.rows = rows
            return len(rows)

    writer = Writer()
    client = make_client(sample_corpus, writer=writer)
    assert client.post("/outlets", data={"rows": "name,lean\nDaily Courant,left"}).status_code == 403
    client.get("/outlets")
    token = client.cookies.get("storyfold_csrf")
    response = client.post("/outlets", data={"rows": "name,lean\nDaily Courant,left", "csrf": token},
                           follow_redirects=False)
    assert response.status_code == 303 and writer.rows[0]["attributes"] == {"lean": "left"}



def test_article_removal_needs_the_token(sample_corpus, sample_analysis) -> None:
    from tests.web.conftest import make_client

    class Writer:
        def __init__(self) -> None:
            self.removed: list[str] = []

        def remove(self, ids):
            self.removed += ids
            return {"files": []}

    writer = Writer()
    client = make_client(sample_corpus, writer=writer)
    article = sample_analysis.stories[0].articles[0]
    assert client.post(f"/articles/{article}/remove").status_code == 403
    page = client.get(f"/articles/{article}").text
    token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    evil = client.post(f"/articles/{article}/remove", data={"csrf": token}, headers={"origin": "https://evil.example"})
    assert evil.status_code == 403 and writer.removed == []
    done = client.post(f"/articles/{article}/remove", data={"csrf": token}, follow_redirects=False)
    assert done.status_code == 303 and writer.removed == [article]
    assert client.post("/articles/..%2F..%2Fx/remove", data={"csrf": token}).status_code == 404


def test_citation_and_matrix_fragments_escape_attribute_payloads() -> None:
    """The fragments built in Python (not by Jinja's autoescape) escape every untrusted value the same way."""
    from storyfold.report.html import cite_buttons, matrix_rows
    from storyfold.report.labels import ArticleLabels
    from tests.web.hostile import IMG

    breakout = '" onmouseover="window.__pwned = 3" data-x="'
    articles = [{"id": "a1", "outlet": f"Gazette {IMG}"}, {"id": "a2", "outlet": "Valley Post"}]
    evidence = [{"article": "a1", "text": breakout, "start": 0, "end": 5},
                {"article": "a1", "text": "a second passage", "start": 9, "end": 25}]
    html = str(cite_buttons(evidence, ["a1", "a2"], labels=ArticleLabels(articles)))
    assert html.count("<button") == 1  # one button per cited article, with every piece of its passage
    assert 'data-start="0" data-end="5"' in html and 'data-spans="0-5,9-25"' in html
    assert 'onmouseover="' not in html and "&#34; onmouseover=&#34;" in html
    assert "<img" not in html and "Gazette &lt;img" in html
    assert html.endswith('<span class="cite-plain">Valley Post</span>')  # a source without a passage
    [row] = matrix_rows([{"id": "f1", "sources": ["a1"], "evidence": evidence}], [{"id": "a1"}, {"id": "a2"}])
    cells = str(row["cells_html"])
    assert cells.count('<td class="yes" data-article="a1">') == 1 and '<td class="no" data-article="a2">' in cells
    assert 'onmouseover="' not in cells and 'data-start="0" data-end="5"' in cells
