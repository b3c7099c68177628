"""Tags: the limits every AWS service shares, and the characters all of them accept."""

from __future__ import annotations

from typing import Any, Mapping

from .base import Rule, Violation, violated

_TAGGING = "https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html#tag-conventions"

TAG_COUNT = Rule("tags.count", "at most 50 tags on one resource", _TAGGING)
TAG_KEY = Rule("tags.key", "tag keys are 1 to 128 characters and may not start with aws:", _TAGGING)
TAG_VALUE = Rule("tags.value", "tag values are at most 256 characters", _TAGGING)
# EC2 alone would take more; IAM takes only these, and the component tags both.
TAG_CHARACTERS = Rule(
    "tags.characters",
    "tags hold only letters, digits, spaces and _ . : / = + - @ (the set every service accepts)",
    _TAGGING,
)
RULES = (TAG_COUNT, TAG_KEY, TAG_VALUE, TAG_CHARACTERS)

MAX_TAGS = 50
_PUNCTUATION = set(" _.:/=+-@")


def _plain_text(text: str) -> bool:
    return all(ch.isalnum() or ch.isspace() or ch in _PUNCTUATION for ch in text)


def check_tags(tags: Mapping[str, Any]) -> list[Violation]:
    """Every way ``tags`` breaks AWS's tag rules; values that are not text are left to the type checks."""
    found = violated(TAG_COUNT, "tags", f"{len(tags)} tags", len(tags) <= MAX_TAGS)
    for key, value in tags.items():
        found += violated(TAG_KEY, "tags", key, 1 <= len(key) <= 128, "length")
        found += violated(TAG_KEY, "tags", key, not key.lower().startswith("aws:"), "reserved prefix aws:")
        found += violated(TAG_CHARACTERS, "tags", key, _plain_text(key), "in the key")
        if isinstance(value, str):
            found += violated(TAG_VALUE, "tags", f"{key}={value}", len(value) <= 256, "length")
            found += violated(TAG_CHARACTERS, "tags", f"{key}={value}", _plain_text(value), "in the value")
    return found
