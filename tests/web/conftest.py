"""Web fixtures: the sample corpus as a batch reader and as a store, test clients."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from storyfold.model import Analysis
from storyfold.report.memory import AnalysisCorpus
from storyfold.settings import Settings
from tests.conftest import SAMPLES
from tests.web.hostile import hostile_analysis


@pytest.fixture(scope="session")
def sample_analysis(test_settings: Settings) -> Analysis:
    from storyfold.api import analyze

    return analyze([str(SAMPLES / "corpus")], test_settings)


@pytest.fixture(scope="session")
def pristine_store(tmp_path_factory: pytest.TempPathFactory, test_settings: Settings) -> Path:
    """The sample corpus added to a store once per session; tests that write use ``sample_store`` (a copy)."""
    from storyfold.store import Store

    path = tmp_path_factory.mktemp("pristine-store") / "storyfold.db"
    with Store.open(path, settings=test_settings) as store:
        store.add([SAMPLES / "corpus"])
    return path


@pytest.fixture()
def sample_store(pristine_store: Path, tmp_path: Path) -> Path:
    """A private copy of the sample store (closed stores are checkpointed: the one file is the whole store)."""
    path = tmp_path / "store" / "storyfold.db"
    path.parent.mkdir()
    shutil.copyfile(pristine_store, path)
    return path


@pytest.fixture(scope="session")
def sample_corpus(sample_analysis: Analysis) -> AnalysisCorpus:
    return AnalysisCorpus(sample_analysis)


def make_client(reader, **kwargs):
    from fastapi.testclient import TestClient

    from storyfold.web.app import create_app

    return TestClient(create_app(reader, **kwargs), base_url="http://127.0.0.1:8000")


@pytest.fixture()
def client(sample_corpus: AnalysisCorpus):
    return make_client(sample_corpus)


@pytest.fixture()
def hostile_client():
    return make_client(AnalysisCorpus(hostile_analysis()))


class RecordingWriter:
    """A writer that records what it was asked to add, and answers like the store's AddReport."""

    def __init__(self) -> None:
        self.added: list[Path] = []

    def add(self, paths):
        self.added += [Path(p) for p in paths]
        return {"files": [{"source": str(p), "status": "added", "article": "a000", "duplicate_of": None,
                           "reason": None, "story": "s1"} for p in paths]}


@pytest.fixture()
def upload_setup(sample_corpus: AnalysisCorpus, tmp_path: Path):
    from storyfold.web.app import UploadLimits

    writer = RecordingWriter()
    folder = tmp_path / "store" / "uploads"
    limits = UploadLimits(max_files=3, max_file_bytes=2_000, max_total_bytes=4_000)
    client = make_client(sample_corpus, writer=writer, allow_uploads=True, upload_folder=folder, limits=limits)
    return client, writer, folder
