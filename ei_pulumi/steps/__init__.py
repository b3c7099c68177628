"""AWS's page "Set up to use EI", step by step: permissions, security groups, the endpoint.

Also the small private VPC the component creates when none is given, and what the steps must
learn from AWS before anything is created (lookups, placement in a given VPC).
"""
