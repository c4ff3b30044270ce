import pytest

from bot.settings import DEFAULT_DB_URL, SettingsError, load_settings


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # no .env from the developer's tree
    for key in list(__import__("os").environ):
        if key.startswith("FRONTDOOR_"):
            monkeypatch.delenv(key)


def test_defaults_are_embedded():
    settings = load_settings()
    assert settings.telegram_token is None
    assert settings.uses_local_api
    assert settings.database_url == DEFAULT_DB_URL
    assert settings.timezone == "Asia/Shanghai"
    assert settings.default_language == "zh"
    assert settings.sqlite_driver == "inline"


def test_reads_environment(monkeypatch):
    monkeypatch.setenv("FRONTDOOR_TELEGRAM_TOKEN", "1:abc")
    monkeypatch.setenv("FRONTDOOR_STAFF_CHAT_ID", "-100123")
    settings = load_settings()
    assert not settings.uses_local_api
    assert settings.staff_chat_id == -100123


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("FRONTDOOR_STAFF_CHAT_ID", "not-a-number"),
        ("FRONTDOOR_TIMEZONE", "Mars/Olympus"),
        ("FRONTDOOR_DEFAULT_LANGUAGE", "fr"),
        ("FRONTDOOR_DATABASE_URL", "mysql://x"),
        ("FRONTDOOR_WEBHOOK_SECRET", "has spaces!"),
        ("FRONTDOOR_LOCAL_API_PORT", "70000"),
        ("FRONTDOOR_SQLITE_DRIVER", "threads"),
    ],
)
def test_bad_value_names_the_key_in_one_line(monkeypatch, key, value):
    monkeypatch.setenv(key, value)
    with pytest.raises(SettingsError) as info:
        load_settings()
    message = str(info.value)
    assert key in message
    assert "\n" not in message


def test_webhook_without_secret_is_refused(monkeypatch):
    monkeypatch.setenv("FRONTDOOR_WEBHOOK_URL", "https://example.org/hook")
    with pytest.raises(SettingsError, match="FRONTDOOR_WEBHOOK_SECRET"):
        load_settings()


def test_env_file_is_read(tmp_path):
    (tmp_path / ".env").write_text("FRONTDOOR_DEFAULT_LANGUAGE=en\n")
    assert load_settings().default_language == "en"
