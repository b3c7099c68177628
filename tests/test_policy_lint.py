"""parliament on the page's policies: only the findings the page's own wildcards explain."""

from __future__ import annotations

import json

from ei_pulumi.steps.permissions import ei_connect_policy, full_access_policy


def findings(document: dict) -> list[tuple[str, object]]:
    """(issue, what it names): the actions when few, else the services they belong to."""
    # Imported here: parliament takes half a second to load, which every test worker would pay to collect.
    from parliament import analyze_policy_string

    result = []
    for finding in analyze_policy_string(json.dumps(document)).findings:
        detail = finding.detail
        if isinstance(detail, list) and len(detail) > 5:
            detail = sorted({action.split(":")[0] for action in detail})
        result.append((finding.issue, detail))
    return sorted(result, key=str)


def test_minimal_statement_lints_clean_but_for_its_resource_star() -> None:
    # The page writes "Resource": "*"; EI's Connect supports accelerator ARNs, hence the finding.
    assert findings(ei_connect_policy()) == [("RESOURCE_STAR", ["elastic-inference:Connect"])]


def test_full_policy_findings_are_the_pages_resource_stars() -> None:
    assert findings(full_access_policy("aws")) == sorted(
        [
            ("RESOURCE_STAR", ["elastic-inference:Connect"]),  # statement 1
            ("RESOURCE_STAR", ["sagemaker"]),  # statement 2: sagemaker:*
            ("RESOURCE_STAR", ["application-autoscaling", "cloudwatch", "ec2", "ecr", "logs"]),  # statement 3
            ("RESOURCE_STAR", ["s3:CreateBucket", "s3:GetBucketLocation", "s3:ListBucket"]),  # statement 5
            ("RESOURCE_STAR", ["s3:GetObject"]),  # statement 6, narrowed by its tag condition
            ("RESOURCE_STAR", ["iam:PassRole"]),  # statement 8, narrowed by iam:PassedToService
        ],
        key=str,
    )
