"""Tags: the limits every AWS service shares, and what each service adds to them.

EC2 takes any character in a tag ("Although EC2 allows for any character in its tags, other
AWS services are more restrictive", https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/Using_Tags.html#tag-restrictions);
IAM takes only the characters of its Tag type, and reads a role's or user's keys without case.
"""

from __future__ import annotations

import unicodedata
from typing import Any, Mapping

from .base import Rule, Violation, violated

_TAGGING = "https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html#tag-conventions"
_IAM_TAG = "https://docs.aws.amazon.com/IAM/latest/APIReference/API_Tag.html"
_IAM_TAG_RULES = "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_tags.html#id_tags_rules_creating"

TAG_COUNT = Rule("tags.count", "at most 50 tags on one resource", _TAGGING)
TAG_KEY = Rule("tags.key", "tag keys are 1 to 128 characters and may not start with aws:", _TAGGING)
TAG_VALUE = Rule("tags.value", "tag values are at most 256 characters", _TAGGING)
IAM_TAG_CHARACTERS = Rule(
    "iam.tag-characters",
    "IAM tags hold only letters, digits, space separators and _ . : / = + - @ (no tab or line break)",
    _IAM_TAG,
)
IAM_TAG_KEY_CASE = Rule(
    "iam.tag-key-case",
    "a role's tag keys differ in more than case: IAM reads Team and team as one key",
    _IAM_TAG_RULES,
)
RULES = (TAG_COUNT, TAG_KEY, TAG_VALUE, IAM_TAG_CHARACTERS, IAM_TAG_KEY_CASE)

MAX_TAGS = 50
IAM_TAG_PUNCTUATION = frozenset("_.:/=+-@")
IAM_TAG_CHARACTER_NAMES = "letters, digits, spaces and _.:/=+-@"
"""IAM's tag characters as a user reads them."""


def _iam_text(text: str) -> bool:
    """IAM's pattern ``[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]``: letters, separators (Z*, not tab or newline), numbers."""
    return all(unicodedata.category(ch)[0] in "LZN" or ch in IAM_TAG_PUNCTUATION for ch in text)


def _shared(tags: Mapping[str, Any]) -> list[Violation]:
    """The limits every service shares; values that are not text are left to the type checks."""
    found = violated(TAG_COUNT, "tags", f"{len(tags)} tags", len(tags) <= MAX_TAGS)
    for key, value in tags.items():
        found += violated(TAG_KEY, "tags", key, 1 <= len(key) <= 128, "length")
        found += violated(TAG_KEY, "tags", key, not key.lower().startswith("aws:"), "reserved prefix aws:")
        if isinstance(value, str):
            found += violated(TAG_VALUE, "tags", f"{key}={value}", len(value) <= 256, "length")
    return found


def ec2_tags(tags: Mapping[str, Any]) -> list[Violation]:
    """Tags of an EC2 resource (VPC, subnet, security group and rule, endpoint): any character."""
    return _shared(tags)


def iam_tags(tags: Mapping[str, Any], *, keys_ignore_case: bool) -> list[Violation]:
    """Tags of an IAM resource; ``keys_ignore_case`` for roles and users, whose keys IAM compares without case."""
    found = _shared(tags)
    first_of: dict[str, str] = {}
    for key, value in tags.items():
        found += violated(IAM_TAG_CHARACTERS, "tags", key, _iam_text(key), "in the key")
        if isinstance(value, str):
            found += violated(IAM_TAG_CHARACTERS, "tags", f"{key}={value}", _iam_text(value), "in the value")
        if keys_ignore_case:
            same = first_of.setdefault(key.lower(), key)
            found += violated(IAM_TAG_KEY_CASE, "tags", key, same == key, f"{same!r} is the same key to IAM")
    return found
