"""`python -m ei_pulumi check` against moto's emulated AWS: a correct setup, and broken ones."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any, Callable, Iterator

import boto3
import pytest

from ei_pulumi.audit.checks import (
    exit_code,
    gather,
    run_checks,
    target_from_stack_outputs,
)
from ei_pulumi.aws_rules.services import ELASTIC_INFERENCE
from ei_pulumi.cli import main
from ei_pulumi.steps.permissions import trust_policy
from ei_pulumi.steps.security_groups import TrafficRule
from tests.aws_setup import (
    MOTO_ENVIRONMENT,
    REGION,
    Setup,
    build_setup,
    ip_permission,
    moto_account,
)

PROJECT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def aws() -> Iterator[boto3.Session]:
    """moto's emulated AWS, one account for the module: each test builds its setup in a VPC of its own,
    with its own names (``new_setup``), so the setups do not see each other, and moto starts once."""
    with moto_account() as account:
        yield account


_SETUP_NAMES = itertools.count()


def new_setup(aws: boto3.Session, **options: Any) -> Setup:
    """A correct setup of its own in the module's account (``build_setup`` with a name no other has)."""
    return build_setup(aws, f"ei{next(_SETUP_NAMES)}", **options)


@pytest.fixture(scope="module")
def correct_setup(aws: boto3.Session) -> Setup:
    """One correct setup for the tests that only read it (each setup costs moto a few dozen calls)."""
    return new_setup(aws)


def audit(session: boto3.Session, setup: Setup) -> tuple[int, dict[str, dict[str, Any]]]:
    """The audit of ``setup`` as its stack outputs name it: exit code and checks by id."""
    results = run_checks(gather(session, target_from_stack_outputs(setup.stack_outputs(), REGION)))
    return exit_code(results), {r.id: r.__dict__ for r in results}


CHECK_IDS = [
    "endpoint.exists",
    "endpoint.interface",
    "endpoint.available",
    "endpoint.service",
    "endpoint.private-dns",
    "endpoint.availability-zones",
    "endpoint.security-groups",
    "vpc.single-private-dns-endpoint",
    "vpc.dns",
    "endpoint-sg.inbound",
    "sagemaker-sg.no-inbound",
    "sagemaker-sg.outbound",
    "role.trust",
    "role.ei-permissions",
]


def test_a_correct_setup_passes_every_check(correct_setup: Setup, capsys, tmp_path) -> None:
    outputs = tmp_path / "outputs.json"
    outputs.write_text(json.dumps(correct_setup.stack_outputs()))
    code = main(["check", "--region", REGION, "--stack-outputs", str(outputs), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert [c["id"] for c in report["checks"]] == CHECK_IDS
    assert {c["status"] for c in report["checks"]} == {"pass"}, report
    assert report["passed"] is True and code == 0


def _deny_connect(s: Setup) -> None:
    s.iam.put_role_policy(
        RoleName=s.role_name,
        PolicyName="no-ei",
        PolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Deny", "Action": "elastic-inference:Connect", "Resource": "*"}],
            }
        ),
    )


def _without_ei_statement(s: Setup) -> None:
    from ei_pulumi.steps.permissions import full_access_policy

    document = full_access_policy("aws")
    document["Statement"] = document["Statement"][1:]
    s.iam.detach_role_policy(RoleName=s.role_name, PolicyArn=s.policy_arn)
    arn = s.iam.create_policy(PolicyName=f"{s.role_name}-no-ei", PolicyDocument=json.dumps(document))["Policy"]["Arn"]
    s.iam.attach_role_policy(RoleName=s.role_name, PolicyArn=arn)


def _impostor_managed_policy(s: Setup) -> None:
    """A customer policy that only borrows the managed policy's name."""
    s.iam.detach_role_policy(RoleName=s.role_name, PolicyArn=s.policy_arn)
    arn = s.iam.create_policy(
        PolicyName="AmazonSageMakerFullAccess",
        PolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": "sagemaker:*", "Resource": "*"}],
            }
        ),
    )["Policy"]["Arn"]
    s.iam.attach_role_policy(RoleName=s.role_name, PolicyArn=arn)


def _second_endpoint(s: Setup) -> None:
    s.create_endpoint(subnet_ids=s.subnet_ids, group=s.endpoint_security_group_id)


def _wrong_group_on_endpoint(s: Setup) -> None:
    default = s.ec2.describe_security_groups(
        Filters=[
            {"Name": "vpc-id", "Values": [s.vpc_id]},
            {"Name": "group-name", "Values": ["default"]},
        ]
    )["SecurityGroups"][0]["GroupId"]
    s.ec2.delete_vpc_endpoints(VpcEndpointIds=[s.vpc_endpoint_id])
    s.vpc_endpoint_id = s.create_endpoint(subnet_ids=s.subnet_ids, group=default)


def _rebuilt_endpoint(**options: Any) -> Callable[[Setup], None]:
    def rebuild(s: Setup) -> None:
        s.ec2.delete_vpc_endpoints(VpcEndpointIds=[s.vpc_endpoint_id])
        s.vpc_endpoint_id = s.create_endpoint(
            group=s.endpoint_security_group_id, **{"subnet_ids": s.subnet_ids, **options}
        )

    return rebuild


BROKEN: dict[str, tuple[Callable[[Setup], None], str]] = {
    "CIDR ingress on the endpoint group": (
        lambda s: s.ec2.authorize_security_group_ingress(
            GroupId=s.endpoint_security_group_id,
            IpPermissions=[ip_permission(TrafficRule("tcp", 443, 443), cidr="10.0.0.0/16")],
        ),
        "endpoint-sg.inbound",
    ),
    "inbound rule on the SageMaker group": (
        lambda s: s.ec2.authorize_security_group_ingress(
            GroupId=s.sagemaker_security_group_id,
            IpPermissions=[ip_permission(TrafficRule("tcp", 22, 22), cidr="10.0.0.0/16")],
        ),
        "sagemaker-sg.no-inbound",
    ),
    "private DNS off": (_rebuilt_endpoint(private_dns=False), "endpoint.private-dns"),
    "a single AZ": (lambda s: _rebuilt_endpoint(subnet_ids=s.subnet_ids[:1])(s), "endpoint.availability-zones"),
    "another service": (_rebuilt_endpoint(service=f"com.amazonaws.{REGION}.sagemaker.runtime"), "endpoint.service"),
    "the wrong group on the endpoint": (_wrong_group_on_endpoint, "endpoint.security-groups"),
    "the EI permission missing": (_without_ei_statement, "role.ei-permissions"),
    "an explicit Deny of elastic-inference:Connect": (_deny_connect, "role.ei-permissions"),
    "a policy named AmazonSageMakerFullAccess without its content": (_impostor_managed_policy, "role.ei-permissions"),
    "DNS hostnames off": (
        lambda s: s.ec2.modify_vpc_attribute(VpcId=s.vpc_id, EnableDnsHostnames={"Value": False}),
        "vpc.dns",
    ),
    "a second private-DNS endpoint": (_second_endpoint, "vpc.single-private-dns-endpoint"),
    "a role that trusts only EC2": (
        lambda s: s.iam.update_assume_role_policy(
            RoleName=s.role_name,
            PolicyDocument=json.dumps(
                {
                    "Version": "2012-10-17",
                    "Statement": [
                        {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}
                    ],
                }
            ),
        ),
        "role.trust",
    ),
    "an explicit Deny in the trust policy": (
        lambda s: s.iam.update_assume_role_policy(
            RoleName=s.role_name,
            PolicyDocument=json.dumps(
                {
                    "Version": "2012-10-17",
                    "Statement": [
                        *trust_policy()["Statement"],
                        {"Effect": "Deny", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"},
                    ],
                }
            ),
        ),
        "role.trust",
    ),
    "no outbound path from the SageMaker group": (
        lambda s: s.ec2.revoke_security_group_egress(
            GroupId=s.sagemaker_security_group_id,
            IpPermissions=[ip_permission(TrafficRule("tcp", 443, 443), group=s.endpoint_security_group_id)],
        ),
        "sagemaker-sg.outbound",
    ),
}


# What else a variant truly breaks: without the endpoint group on it, the endpoint admits nothing
# from the SageMaker group, whose outbound rule reaches no group of the endpoint.
ALSO_FAILS = {"the wrong group on the endpoint": {"endpoint-sg.inbound", "sagemaker-sg.outbound"}}


@pytest.mark.parametrize("variant", list(BROKEN))
def test_each_broken_variant_fails_exactly_its_check(aws, variant: str) -> None:
    setup = new_setup(aws)
    breaks, check_id = BROKEN[variant]
    breaks(setup)
    code, checks = audit(aws, setup)
    failed = {c["id"] for c in checks.values() if c["status"] == "fail"}
    assert failed == {check_id} | ALSO_FAILS.get(variant, set()), {i: checks[i]["summary"] for i in failed}
    assert checks[check_id]["hint"]
    assert code == 1


def test_an_extra_group_on_the_endpoint_counts_however_the_target_is_named(aws, capsys, tmp_path) -> None:
    setup = new_setup(aws)
    extra = setup.ec2.create_security_group(GroupName="extra", Description="extra", VpcId=setup.vpc_id)["GroupId"]
    setup.ec2.authorize_security_group_ingress(
        GroupId=extra, IpPermissions=[ip_permission(TrafficRule("tcp", 443, 443), cidr="0.0.0.0/0")]
    )
    setup.ec2.modify_vpc_endpoint(VpcEndpointId=setup.vpc_endpoint_id, AddSecurityGroupIds=[extra])
    outputs = tmp_path / "outputs.json"
    outputs.write_text(json.dumps(setup.stack_outputs()))
    by_ids = [
        "--vpc-endpoint-id",
        setup.vpc_endpoint_id,
        "--sagemaker-security-group-id",
        setup.sagemaker_security_group_id,
        "--role-name",
        setup.role_name,
    ]
    for target in (["--stack-outputs", str(outputs)], by_ids):
        assert main(["check", "--region", REGION, *target, "--format", "json"]) == 1
        checks = json.loads(capsys.readouterr().out)["checks"]
        assert {c["id"]: c["summary"] for c in checks if c["status"] == "fail"} == {
            "endpoint-sg.inbound": "also admits 0.0.0.0/0"
        }, target


@pytest.mark.parametrize(
    "statement",
    [
        {"Effect": "Allow", "Action": ["elastic-inference:*", "ec2:Describe*"], "Resource": "*"},
        {"Effect": "Allow", "Action": "*", "Resource": "*"},
    ],
)
def test_wildcards_count_as_the_permission(aws, statement: dict) -> None:
    setup = new_setup(aws)
    _without_ei_statement(setup)
    setup.iam.put_role_policy(
        RoleName=setup.role_name,
        PolicyName="wide",
        PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [statement]}),
    )
    code, checks = audit(aws, setup)
    assert (
        checks["role.ei-permissions"]["status"] == "pass"
        and "inline policy wide" in checks["role.ei-permissions"]["summary"]
    )
    assert code == 0


@pytest.fixture
def account_with_managed_policies(aws: boto3.Session, monkeypatch: pytest.MonkeyPatch) -> boto3.Session:
    """A second account of the module's moto, where moto loads AWS's managed policies (slow: the first
    time only) as it opens the account's IAM."""
    monkeypatch.setenv("MOTO_ACCOUNT_ID", "222233334444")
    monkeypatch.setenv("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")
    return aws


@pytest.mark.managed_policies
def test_aws_managed_policy_counts_by_its_content(account_with_managed_policies: boto3.Session) -> None:
    aws = account_with_managed_policies
    setup = new_setup(aws)
    assert setup.role_arn.startswith("arn:aws:iam::222233334444:")  # the account where the policies are
    setup.iam.detach_role_policy(RoleName=setup.role_name, PolicyArn=setup.policy_arn)
    setup.iam.attach_role_policy(
        RoleName=setup.role_name, PolicyArn="arn:aws:iam::aws:policy/AmazonSageMakerFullAccess"
    )
    code, checks = audit(aws, setup)
    assert checks["role.ei-permissions"]["status"] == "pass"
    assert "managed policy AmazonSageMakerFullAccess" in checks["role.ei-permissions"]["summary"] and code == 0


def test_an_offered_az_left_out_is_a_warning_naming_the_subnet_to_attach(aws) -> None:
    setup = new_setup(aws, endpoint_subnets=2)
    (idle,) = setup.ec2.describe_subnets(
        Filters=[{"Name": "vpc-id", "Values": [setup.vpc_id]}, {"Name": "availability-zone", "Values": ["us-east-1c"]}]
    )["Subnets"]
    code, checks = audit(aws, setup)
    assert checks["endpoint.availability-zones"]["status"] == "warn"
    assert "us-east-1c" in checks["endpoint.availability-zones"]["summary"]
    assert checks["endpoint.availability-zones"]["hint"] == (
        f"AWS's page asks for every AZ that offers EI: attach the existing subnet {idle['SubnetId']} (us-east-1c) "
        "to the endpoint"
    )
    assert code == 0


def test_by_endpoint_id_infers_the_sagemaker_group(correct_setup: Setup, capsys) -> None:
    setup = correct_setup
    code = main(["check", "--region", REGION, "--vpc-endpoint-id", setup.vpc_endpoint_id])
    out = capsys.readouterr().out
    assert code == 0
    assert "PASS  sagemaker-sg.outbound" in out and setup.sagemaker_security_group_id in out
    assert "SKIP  role.trust" in out
    assert out.rstrip().endswith("12 pass, 0 fail, 0 warn, 2 skip")


def test_by_endpoint_id_with_a_role_arn_and_both_groups_named(aws, capsys) -> None:
    setup = new_setup(aws)
    # A stranger group the endpoint group also admits: only naming the SageMaker group tells them apart.
    stranger = setup.ec2.create_security_group(GroupName="stranger", Description="other", VpcId=setup.vpc_id)["GroupId"]
    setup.ec2.authorize_security_group_ingress(
        GroupId=setup.endpoint_security_group_id,
        IpPermissions=[ip_permission(TrafficRule("tcp", 443, 443), group=stranger)],
    )
    by_endpoint = ["check", "--region", REGION, "--vpc-endpoint-id", setup.vpc_endpoint_id, "--format", "json"]
    assert main(by_endpoint) == 1
    hints = {c["id"]: c["hint"] for c in json.loads(capsys.readouterr().out)["checks"]}
    assert hints["sagemaker-sg.outbound"] == "name the SageMaker group with --sagemaker-security-group-id"
    named = [
        "--role-name",
        setup.role_arn,
        "--endpoint-security-group-id",
        setup.endpoint_security_group_id,
        "--sagemaker-security-group-id",
        setup.sagemaker_security_group_id,
    ]
    assert main([*by_endpoint, *named]) == 1  # the stranger is still a stranger
    checks = {c["id"]: c for c in json.loads(capsys.readouterr().out)["checks"]}
    assert checks["role.trust"]["status"] == checks["role.ei-permissions"]["status"] == "pass"
    assert checks["sagemaker-sg.outbound"]["status"] == "pass"
    assert checks["endpoint-sg.inbound"]["status"] == "fail" and stranger in checks["endpoint-sg.inbound"]["summary"]


def test_an_answer_that_is_not_aws_is_one_line_and_exit_2(capsys, monkeypatch) -> None:
    """Nothing listens on the endpoint: botocore's error is the audit's "cannot run", not a failed check."""
    for key, value in {**MOTO_ENVIRONMENT, "AWS_ENDPOINT_URL": "http://127.0.0.1:9", "AWS_MAX_ATTEMPTS": "1"}.items():
        monkeypatch.setenv(key, value)
    assert main(["check", "--region", REGION, "--vpc-endpoint-id", "vpce-0123456789abcdef0"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: AWS could not be asked: Could not connect") and err.count("\n") == 1


def test_every_client_asks_with_short_timeouts_and_standard_retries(aws, correct_setup: Setup, monkeypatch) -> None:
    setup = correct_setup
    configs = []
    make_client = aws.client
    monkeypatch.setattr(
        aws, "client", lambda *args, **kwargs: configs.append(kwargs["config"]) or make_client(*args, **kwargs)
    )
    gather(aws, target_from_stack_outputs(setup.stack_outputs(), REGION))
    assert len(configs) == 2  # EC2 and IAM
    for config in configs:
        assert (config.connect_timeout, config.read_timeout, config.retries) == (5, 10, {"mode": "standard"})


@pytest.mark.parametrize(
    ("region", "error"),
    [
        ("us-east1", "error: --region: 'us-east1' is not an AWS region (did you mean 'us-east-1'?)\n"),
        ("us-east-9", "error: --region: 'us-east-9' is not an AWS region (did you mean 'us-east-2'?)\n"),
    ],
)
def test_a_region_that_is_no_region_is_one_error_line(capsys, region: str, error: str) -> None:
    assert main(["check", "--region", region, "--vpc-endpoint-id", "vpce-0123456789abcdef0"]) == 2
    assert capsys.readouterr().err == error


def test_table_shows_the_fix_for_a_failure(aws, capsys) -> None:
    setup = new_setup(aws)
    setup.ec2.modify_vpc_attribute(VpcId=setup.vpc_id, EnableDnsSupport={"Value": False})
    assert (
        main(["check", "--region", REGION, "--vpc-endpoint-id", setup.vpc_endpoint_id, "--role-name", setup.role_name])
        == 1
    )
    out = capsys.readouterr().out
    assert "FAIL  vpc.dns" in out and "fix: turn on enableDnsSupport" in out


def test_missing_endpoint_cannot_be_audited(aws, capsys) -> None:
    assert main(["check", "--region", REGION, "--vpc-endpoint-id", "vpce-0123456789abcdef0"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        "error: endpoint.exists: vpce-0123456789abcdef0 not found in us-east-1; "
        "if the setup is in another region, pass that --region\n"
    )


def test_outputs_of_a_stack_in_another_region_get_a_hint(aws, capsys, tmp_path) -> None:
    outputs = tmp_path / "outputs.json"
    outputs.write_text(
        json.dumps({"vpcEndpointId": "vpce-0123456789abcdef0", "serviceName": ELASTIC_INFERENCE.name("us-east-1")})
    )
    assert main(["check", "--region", "eu-west-1", "--stack-outputs", str(outputs)]) == 2
    assert capsys.readouterr().err == (
        "error: endpoint.exists: vpce-0123456789abcdef0 not found in eu-west-1: the stack's outputs are of "
        "us-east-1 (their service names); pass --region us-east-1\n"
    )


def test_the_outputs_of_plan_get_a_hint_that_they_are_placeholders(aws, capsys, tmp_path) -> None:
    """`plan --format json | check --stack-outputs -`: the simulated IDs are nowhere in AWS."""
    assert main(["plan", "--project-dir", str(PROJECT), "--format", "json"]) == 0
    plan = tmp_path / "plan.json"
    plan.write_text(capsys.readouterr().out)
    endpoint_id = json.loads(plan.read_text())["outputs"]["vpcEndpointId"]
    assert main(["check", "--region", REGION, "--stack-outputs", str(plan)]) == 2
    assert capsys.readouterr().err == (
        f"error: endpoint.exists: {endpoint_id} not found in us-east-1: {endpoint_id} is a placeholder of `plan` "
        "(simulated IDs start with 0ff11e, in account 111122223333); audit a deployed stack's "
        "`pulumi stack output --json`\n"
    )


def test_no_credentials_cannot_be_audited(capsys, monkeypatch, tmp_path) -> None:
    for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    assert main(["check", "--region", REGION, "--vpc-endpoint-id", "vpce-0123456789abcdef0"]) == 2
    assert "no AWS credentials" in capsys.readouterr().err


def test_access_denied_names_the_missing_permission(aws, capsys, monkeypatch) -> None:
    from botocore.exceptions import ClientError

    from ei_pulumi.audit import checks as audit_module

    def denied(session, target, deadline):
        raise ClientError({"Error": {"Code": "UnauthorizedOperation", "Message": "no"}}, "DescribeVpcEndpoints")

    monkeypatch.setattr(audit_module, "_gather", denied)
    assert main(["check", "--region", REGION, "--vpc-endpoint-id", "vpce-0123456789abcdef0"]) == 2
    assert "access denied: the audit needs ec2:DescribeVpcEndpoints" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("outputs", "message"),
    [
        ({"roleName": "r"}, "stack output vpcEndpointIds: is missing, and so is vpcEndpointId;"),
        ({"vpcEndpointId": ["vpce-1"]}, "stack output vpcEndpointId: must be a non-empty string"),
    ],
)
def test_stack_outputs_without_an_endpoint_cannot_be_audited(capsys, tmp_path, outputs: dict, message: str) -> None:
    path = tmp_path / "outputs.json"
    path.write_text(json.dumps(outputs))
    assert main(["check", "--region", REGION, "--stack-outputs", str(path)]) == 2
    assert message in capsys.readouterr().err


def test_role_name_comes_from_the_role_arn_when_the_stack_has_no_role_name() -> None:
    target = target_from_stack_outputs(
        {"vpcEndpointId": "vpce-1", "roleArn": "arn:aws:iam::111122223333:role/a/b"}, REGION
    )
    assert target.role_name == "b" and target.sagemaker_security_group_id is None


@pytest.mark.parametrize(
    ("change", "check_id"),
    [({"State": "pending"}, "endpoint.available"), ({"VpcEndpointType": "Gateway"}, "endpoint.interface")],
)
def test_states_moto_cannot_produce_fail_their_check(aws, correct_setup: Setup, change: dict, check_id: str) -> None:
    """moto's endpoints are always available Interface endpoints: alter what it reported."""
    setup = correct_setup
    snapshot = gather(aws, target_from_stack_outputs(setup.stack_outputs(), REGION))
    snapshot.endpoints[setup.vpc_endpoint_id] = {**snapshot.endpoints[setup.vpc_endpoint_id], **change}
    results = run_checks(snapshot)
    assert [r.id for r in results if r.status == "fail"] == [check_id]
    assert exit_code(results) == 1
