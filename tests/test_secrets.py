"""A stack's secrets: decrypted as the Pulumi CLI decrypts them, when (and only when) the program reads one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ei_pulumi.cli import main
from ei_pulumi.offline import secrets
from ei_pulumi.offline.plan import PlanRequest, make_plan
from ei_pulumi.offline.secrets import SecretUnavailable, StackSecrets

# A stack encrypted by the Pulumi CLI with the passphrase provider: pulumi/pulumi
# tests/roundtrip/roundtrip_test.go (TestConfigRoundtripComments) sets this passphrase, and its
# Pulumi.test.yaml holds this encryptionsalt line and this secret.
PASSPHRASE = "TestConfigRoundtripComments"
SALT = "v1:ThS5UPxP9qc=:v1:UZYAXF+ylaJ0rGhv:9OTvBnOEDFgxs7btjzSu+LZ470vLpg=="
SECRET = "v1:T1ftqhY0hqr+EJK6:+jvd5PMecFx80tcavzuZY4tLatgIfoe/xR72GA=="
PLAINTEXT = "secret-value"
UNLOCKED = {"PULUMI_CONFIG_PASSPHRASE": PASSPHRASE}


def test_a_value_the_pulumi_cli_encrypted_decrypts() -> None:
    assert StackSecrets("Pulumi.test.yaml", "", SALT).reveal({"secure": SECRET}, UNLOCKED) == PLAINTEXT


def test_secrets_inside_lists_and_maps_reach_the_program_as_json() -> None:
    """config/object.go: a list or map holding a secret is a secret; the program gets its JSON."""
    value = {"token": {"secure": SECRET}, "ports": [443, {"secure": SECRET}]}
    revealed = StackSecrets("Pulumi.test.yaml", "passphrase", SALT).reveal(value, UNLOCKED)
    assert revealed == '{"ports":[443,"secret-value"],"token":"secret-value"}'


def test_the_passphrase_may_come_from_a_file(tmp_path: Path) -> None:
    """passphrase/manager.go readPassphrase: the file's content without surrounding whitespace."""
    path = tmp_path / "passphrase"
    path.write_text(f"  {PASSPHRASE}\n")
    environ = {"PULUMI_CONFIG_PASSPHRASE_FILE": str(path)}
    assert StackSecrets("Pulumi.test.yaml", "", SALT).reveal({"secure": SECRET}, environ) == PLAINTEXT


@pytest.mark.parametrize(
    ("secrets", "environ", "reason"),
    [
        (
            StackSecrets("Pulumi.dev.yaml", "", SALT),
            {},
            "Pulumi.dev.yaml uses a passphrase: set PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE",
        ),
        (
            StackSecrets("Pulumi.dev.yaml", "", SALT),
            {"PULUMI_CONFIG_PASSPHRASE_FILE": "/nonexistent/passphrase"},
            "PULUMI_CONFIG_PASSPHRASE_FILE cannot be read (No such file or directory: /nonexistent/passphrase)",
        ),
        (
            StackSecrets("Pulumi.dev.yaml", "awskms://alias/pulumi"),
            UNLOCKED,
            "Pulumi.dev.yaml encrypts it with awskms://alias/pulumi, which a plan does not reach",
        ),
        (
            StackSecrets("Pulumi.dev.yaml"),
            UNLOCKED,
            "Pulumi.dev.yaml has no encryptionsalt: Pulumi Cloud holds its key, which a plan does not reach",
        ),
        (
            StackSecrets("Pulumi.dev.yaml", "", "v2:" + SALT[3:]),
            UNLOCKED,
            "the passphrase does not open Pulumi.dev.yaml (its encryptionsalt line does not decrypt)",
        ),
    ],
    ids=["no passphrase", "unreadable passphrase file", "a cloud KMS key", "Pulumi Cloud", "a salt line of no version"],
)
def test_why_a_secret_cannot_be_read_is_said(secrets: StackSecrets, environ: dict, reason: str) -> None:
    with pytest.raises(SecretUnavailable) as caught:
        secrets.reveal({"secure": SECRET}, environ)
    assert str(caught.value) == reason


def wrong_key(monkeypatch) -> None:
    """Any passphrase but the stack's derives a key the salt line refuses: a fixed wrong key
    stands for it, and saves a key derivation (about half a second)."""
    monkeypatch.setattr(secrets, "derive_key", lambda passphrase, salt: bytes(secrets.KEY_BYTES))


def test_a_wrong_passphrase_is_found_by_the_salt_line(monkeypatch) -> None:
    """passphrase/manager.go: the salt line must decrypt to "pulumi"."""
    wrong_key(monkeypatch)
    with pytest.raises(SecretUnavailable, match="the passphrase does not open Pulumi.dev.yaml"):
        StackSecrets("Pulumi.dev.yaml", "", SALT).reveal({"secure": SECRET}, {"PULUMI_CONFIG_PASSPHRASE": "password"})


# --- plan -------------------------------------------------------------------------------------------

# A program that reads one secret and hands it to a resource; it never reads proj:unread.
READS_A_SECRET = """
import pulumi

token = pulumi.Config().get_secret("token")
pulumi.CustomResource("test:index:Thing", "thing", {"token": token})
pulumi.export("length", token.apply(len))
pulumi.export("isSecret", pulumi.runtime.is_config_secret("proj:token"))
"""


def stack_with_secrets(tmp_path: Path, program: str = READS_A_SECRET) -> Path:
    (tmp_path / "Pulumi.yaml").write_text("name: proj\nruntime: python\n")
    (tmp_path / "__main__.py").write_text(program)
    (tmp_path / "Pulumi.dev.yaml").write_text(
        f"encryptionsalt: {SALT}\n"
        "config:\n"
        "  aws:region: us-east-1\n"
        f"  proj:token:\n    secure: {SECRET}\n"
        f"  datadog:apiKey:\n    secure: {SECRET}\n"
    )
    return tmp_path


def test_a_secret_the_program_does_not_read_never_stops_the_plan(tmp_path: Path) -> None:
    project = stack_with_secrets(tmp_path, "import pulumi\npulumi.export('token', pulumi.Config().get('other'))\n")
    assert make_plan(PlanRequest(project_dir=project, environ={}))["outputs"] == {"token": None}


def test_a_secret_the_program_reads_is_decrypted_and_stays_secret(tmp_path: Path) -> None:
    plan = make_plan(PlanRequest(project_dir=stack_with_secrets(tmp_path), environ=UNLOCKED))
    assert plan["outputs"] == {
        "length": "[secret]",
        "isSecret": True,
    }  # derived from a secret, as `pulumi stack output` shows it
    (thing,) = [r for r in plan["resources"] if r["name"] == "thing"]
    assert thing["properties"] == {"token": "[secret]"}  # as `pulumi preview` shows it
    assert PLAINTEXT not in json.dumps(plan)


def test_a_secret_that_cannot_be_read_is_one_line_naming_the_key_and_the_way_round(
    capsys, tmp_path: Path, monkeypatch
) -> None:
    for variable in ("PULUMI_CONFIG_PASSPHRASE", "PULUMI_CONFIG_PASSPHRASE_FILE"):
        monkeypatch.delenv(variable, raising=False)
    assert main(["plan", "--project-dir", str(stack_with_secrets(tmp_path))]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        "error: proj:token: is a secret, and Pulumi.dev.yaml uses a passphrase: set PULUMI_CONFIG_PASSPHRASE or "
        "PULUMI_CONFIG_PASSPHRASE_FILE; or give its value with --config proj:token=...\n"
    )


def test_config_overrides_a_secret(tmp_path: Path) -> None:
    """As `pulumi config set token abc` would: the key is no secret any more, and nothing is decrypted."""
    reads_it_plainly = (
        "import pulumi\n"
        "pulumi.export('token', pulumi.Config().get('token'))\n"
        "pulumi.export('isSecret', pulumi.runtime.is_config_secret('proj:token'))\n"
    )
    request = PlanRequest(
        project_dir=stack_with_secrets(tmp_path, reads_it_plainly), environ={}, overrides={"token": "abc"}
    )
    assert make_plan(request)["outputs"] == {"token": "abc", "isSecret": False}
