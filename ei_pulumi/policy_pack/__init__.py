"""AWS's rules as a Pulumi policy pack: ``aws_rules``'s third front-end, beside the component and ``plan``.

``policy/__main__.py`` serves ``POLICIES`` as the pack ``PACK_NAME``, and ``pulumi preview
--policy-pack <repository>/policy`` judges every resource of any program, in any language, by them:

- ``aws-would-refuse`` (mandatory): each resource's inputs, by the rules of scope ``resource``;
- ``aws-would-refuse-stack`` (mandatory): the stack's resources together, by the rules of scope ``stack``;
- ``elastic-inference-end-of-life`` (advisory): anything that still asks for Elastic Inference.

Rules of scope ``account`` need what the account already holds, which a policy never sees: they
stay with ``plan`` and ``check``. This package imports ``pulumi_policy``, which the pack's folder
and the tests install; the component does not need it.
"""

from .policies import END_OF_LIFE_POLICY, PACK_NAME, POLICIES, RESOURCE_POLICY, STACK_POLICY

__all__ = ["END_OF_LIFE_POLICY", "PACK_NAME", "POLICIES", "RESOURCE_POLICY", "STACK_POLICY"]
