"""The policy pack's entry point: the CLI runs ``python -m pulumi.policy <engine> .`` in this folder.

It only builds the pack; the policies live in ``ei_pulumi.policy_pack``. ``PolicyPack`` serves them
on 127.0.0.1 and writes its port as the first line of stdout, so nothing here may print.
"""

from pulumi_policy import PolicyPack

from ei_pulumi.policy_pack import PACK_NAME, POLICIES

PolicyPack(PACK_NAME, POLICIES)
