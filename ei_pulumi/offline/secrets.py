"""A stack's secrets, decrypted as the Pulumi CLI decrypts them, and only when the program reads one.

A stack file keeps a secret as ``{secure: <ciphertext>}``, alone or inside a list or map. Which
secrets manager holds the key follows pulumi/pulumi ``pkg/cmd/pulumi/stack/secrets.go``
(``GetSecretsManager``): a ``secretsprovider`` other than ``passphrase`` or ``default`` is a
cloud KMS key; otherwise an ``encryptionsalt`` line means the passphrase manager; otherwise the
Pulumi Cloud service holds the key. Offline, only the passphrase manager can be used.

The passphrase scheme is pulumi/pulumi ``pkg/secrets/passphrase/manager.go`` and
``sdk/go/common/resource/config/crypt.go``:

- ``encryptionsalt: v1:<base64 salt>:v1:<nonce>:<ciphertext>``; the key is PBKDF2-HMAC-SHA256 of
  the passphrase and the salt, 1,000,000 iterations, 32 bytes; the rest of the line must decrypt
  to ``pulumi``, or the passphrase is wrong;
- every secret is ``v1:<base64 nonce>:<base64 ciphertext>``, AES-256-GCM with a 12-byte nonce and
  no associated data;
- the passphrase is ``PULUMI_CONFIG_PASSPHRASE`` when set (even empty), else the content of the
  file ``PULUMI_CONFIG_PASSPHRASE_FILE`` names, without surrounding whitespace (``readPassphrase``).

AES-GCM comes from ``cryptography`` (the standard library has none); PBKDF2 from ``hashlib``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Mapping, Optional

PASSPHRASE_PROVIDERS = ("", "passphrase", "default")
"""``secretsprovider`` values that mean the passphrase manager (or none chosen)."""
KEY_DERIVATION_ITERATIONS = 1_000_000
KEY_BYTES = 32


class SecretUnavailable(Exception):
    """A secret cannot be decrypted here; the message says why."""


def is_secure(value: Any) -> bool:
    """Whether a stack-file value is one secret, ``{secure: <ciphertext>}`` (config/object.go ``isSecureValue``)."""
    return isinstance(value, dict) and len(value) == 1 and isinstance(value.get("secure"), str)


def holds_secret(value: Any) -> bool:
    """Whether a stack-file value is a secret or a list or map with one inside (config/object.go ``Secure``)."""
    if is_secure(value):
        return True
    if isinstance(value, dict):
        return any(holds_secret(v) for v in value.values())
    if isinstance(value, list):
        return any(holds_secret(v) for v in value)
    return False


@lru_cache(maxsize=8)
def derive_key(passphrase: str, salt: bytes) -> bytes:
    """The AES-256 key of a passphrase and a salt; slow by design, so computed once per pair."""
    return hashlib.pbkdf2_hmac("sha256", passphrase.encode(), salt, KEY_DERIVATION_ITERATIONS, KEY_BYTES)


def decrypt(key: bytes, ciphertext: str) -> str:
    """A ``v1:<nonce>:<ciphertext>`` value in plain text; ValueError if it is malformed or the key is wrong."""
    parts = ciphertext.split(":")
    if len(parts) != 3 or parts[0] != "v1":
        raise ValueError("is not a v1:<nonce>:<ciphertext> value")
    try:
        nonce, sealed = base64.b64decode(parts[1], validate=True), base64.b64decode(parts[2], validate=True)
    except binascii.Error:
        raise ValueError("is not base64 where a v1 value must be") from None
    if len(nonce) != 12:
        raise ValueError("has a nonce of the wrong size")
    # Loaded to decrypt only: most stacks hold no secret, and loading it costs about 5% of `import pulumi`.
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        return AESGCM(key).decrypt(nonce, sealed, None).decode()
    except InvalidTag:
        raise ValueError("does not decrypt with this key") from None


def passphrase_from(environ: Mapping[str, str]) -> Optional[str]:
    """The passphrase the Pulumi CLI would use without prompting, or None."""
    if "PULUMI_CONFIG_PASSPHRASE" in environ:
        return environ["PULUMI_CONFIG_PASSPHRASE"]
    path = environ.get("PULUMI_CONFIG_PASSPHRASE_FILE")
    if path:
        try:
            return Path(path).read_text().strip()
        except OSError as exc:
            raise SecretUnavailable(f"PULUMI_CONFIG_PASSPHRASE_FILE cannot be read ({exc.strerror}: {path})") from None
    return None


@dataclass(frozen=True)
class StackSecrets:
    """How one stack file's secrets are encrypted: its ``secretsprovider`` and ``encryptionsalt``."""

    stack_file: str
    provider: str = ""
    encryption_salt: str = ""

    def key(self, environ: Mapping[str, str]) -> bytes:
        """The passphrase manager's key, checked against the salt line; SecretUnavailable says why not."""
        if self.provider not in PASSPHRASE_PROVIDERS:
            raise SecretUnavailable(f"{self.stack_file} encrypts it with {self.provider}, which a plan does not reach")
        if not self.encryption_salt:
            raise SecretUnavailable(
                f"{self.stack_file} has no encryptionsalt: Pulumi Cloud holds its key, which a plan does not reach"
            )
        passphrase = passphrase_from(environ)
        if passphrase is None:
            raise SecretUnavailable(
                f"{self.stack_file} uses a passphrase: set PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE"
            )
        version, salt, check = (self.encryption_salt.split(":", 2) + ["", ""])[:3]
        try:
            if version != "v1":
                raise ValueError
            key = derive_key(passphrase, base64.b64decode(salt, validate=True))
            if decrypt(key, check) != "pulumi":
                raise ValueError
        except (ValueError, binascii.Error):
            raise SecretUnavailable(
                f"the passphrase does not open {self.stack_file} (its encryptionsalt line does not decrypt)"
            ) from None
        return key

    def reveal(self, value: Any, environ: Optional[Mapping[str, str]] = None) -> str:
        """A stack-file value with its secrets decrypted, as the CLI hands it to the program: a secret
        alone as its text, a list or map as JSON (Go's encoding: keys sorted, no spaces)."""
        key = self.key(os.environ if environ is None else environ)

        def plain(item: Any) -> Any:
            if is_secure(item):
                try:
                    return decrypt(key, item["secure"])
                except ValueError as exc:
                    raise SecretUnavailable(f"its value {exc}") from None
            if isinstance(item, dict):
                return {k: plain(v) for k, v in item.items()}
            if isinstance(item, list):
                return [plain(v) for v in item]
            return item

        revealed = plain(value)
        return revealed if isinstance(revealed, str) else json.dumps(revealed, sort_keys=True, separators=(",", ":"))


class ConfigWithSecrets(dict):  # type: ignore[type-arg]
    """A program's config in which each secret is decrypted when the program first reads it.

    Pulumi's SDK reads config with ``key in config`` and ``config[key]``; a secret that cannot be
    decrypted fails that read, through ``on_unavailable``, and no other. Copies of the whole map
    (``{**config}``) see placeholders and never decrypt.
    """

    PLACEHOLDER = "[secret]"

    def __init__(
        self,
        values: Mapping[str, str],
        secrets: Mapping[str, Callable[[], str]],
        on_unavailable: Callable[[str, SecretUnavailable], Exception],
    ) -> None:
        super().__init__({**values, **{key: self.PLACEHOLDER for key in secrets}})
        self._pending = dict(secrets)
        self._on_unavailable = on_unavailable

    def __getitem__(self, key: str) -> Any:
        reveal = self._pending.get(key)
        if reveal is not None:
            try:
                self[key] = reveal()
            except SecretUnavailable as exc:
                raise self._on_unavailable(key, exc) from None
            del self._pending[key]
        return super().__getitem__(key)

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        return self[key] if key in self else default
