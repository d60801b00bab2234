from __future__ import annotations

import pytest

from storyfold.errors import SettingsError
from storyfold.settings import SETTINGS, Settings


def test_defaults_come_from_the_table() -> None:
    settings = Settings()
    for setting in SETTINGS:
        assert getattr(settings, setting.name) == setting.default


def test_override_and_replace() -> None:
    settings = Settings(min_article_chars=50)
    assert settings.min_article_chars == 50
    assert settings.replace(summary_sentences=3).summary_sentences == 3
    assert settings.replace(summary_sentences=3).min_article_chars == 50


def test_unknown_setting_names_the_fix() -> None:
    with pytest.raises(SettingsError) as info:
        Settings(min_chars=5)
    assert "min_chars" in str(info.value)
    assert "min_article_chars" in str(info.value)


def test_every_setting_is_documented() -> None:
    for setting in SETTINGS:
        assert setting.help.strip(), setting.name


def test_readme_lists_every_setting_as_the_table_says() -> None:
    """The docs are generated from the one settings table; this keeps them from drifting."""
    from tests.conftest import REPO

    readme = (REPO / "README.md").read_text("utf-8")
    block = readme.split("<!-- settings:start -->")[1].split("<!-- settings:end -->")[0]
    for setting in SETTINGS:
        assert f"| `{setting.name}` | `{setting.default!r}` | {setting.help} |" in block, setting.name


def test_settings_survive_pickling_for_worker_processes() -> None:
    """Spark tasks and spaCy worker processes receive settings by pickling."""
    import pickle

    from storyfold.settings import Settings

    settings = Settings(summary_sentences=4)
    assert pickle.loads(pickle.dumps(settings)).as_dict() == settings.as_dict()
