"""Sign-in's pure checks: password hashes, which sign-in applies, where the app may listen."""

from __future__ import annotations

from assistant.workspace.signin import check_user, hash_password, listen_refusal, oidc_configured, verify_password


def test_a_password_hash_is_salted_and_verifies_only_its_password():
    first, second = hash_password("correct horse battery"), hash_password("correct horse battery")
    assert first != second and first.startswith("scrypt$") and "correct" not in first
    assert verify_password("correct horse battery", first) and verify_password("correct horse battery", second)
    assert not verify_password("correct horse batterY", first)
    for malformed in ("", "plain-text", "scrypt$1$2$3$x$y", "bcrypt$a$b$c$d$e", first[:-4]):
        assert not verify_password("correct horse battery", malformed)


def test_a_user_signs_in_by_name_in_any_case_and_only_with_their_password():
    users = {"Alice": hash_password("alice's long password"), "bob": hash_password("bob's long password")}
    assert check_user(users, " alice ", "alice's long password") == "Alice"
    assert check_user(users, "alice", "bob's long password") is None
    assert check_user(users, "mallory", "alice's long password") is None
    assert check_user({}, "alice", "anything at all") is None


def test_the_app_listens_beyond_loopback_only_behind_sign_in():
    for host in ("127.0.0.1", "localhost", "::1", "127.0.0.2"):
        assert listen_refusal(host, "none") is None
    for host in ("0.0.0.0", "", "192.168.1.10", "::", "forum.example.org"):
        assert "refusing to listen" in listen_refusal(host, "none")
        assert listen_refusal(host, "password") is None and listen_refusal(host, "oidc") is None


def test_oidc_counts_only_with_a_provider_configured(tmp_path):
    secrets = tmp_path / "secrets.toml"
    assert not oidc_configured([secrets])
    secrets.write_text('[auth]\nredirect_uri = "http://localhost:8501/oauth2callback"\ncookie_secret = "x"\n')
    assert not oidc_configured([secrets])
    secrets.write_text(secrets.read_text() + 'client_id = "forum"\nclient_secret = "s"\n'
                       'server_metadata_url = "https://id.example.org/.well-known/openid-configuration"\n')
    assert oidc_configured([secrets])
    secrets.write_text("not = [valid toml")
    assert not oidc_configured([secrets])
