from pathlib import Path

from assistant.settings import Settings


def test_env_overrides_toml_and_defaults(tmp_path, monkeypatch):
    toml = tmp_path / "sendraft.toml"
    toml.write_text('chunk_size = 800\ncollection = "from_toml"\n')
    monkeypatch.setenv("SENDRAFT_CONFIG", str(toml))
    monkeypatch.setenv("SENDRAFT_COLLECTION", "from_env")
    settings = Settings()
    assert settings.chunk_size == 800
    assert settings.collection == "from_env"
    assert settings.chunk_overlap == 150


def test_everything_written_lives_under_home(home):
    settings = Settings()
    assert settings.home == home
    assert settings.catalog_path.is_relative_to(home) and settings.chroma_path.is_relative_to(home)


def test_default_home_is_dot_sendraft(monkeypatch):
    monkeypatch.delenv("SENDRAFT_HOME")
    assert Settings().home == Path(".sendraft")
