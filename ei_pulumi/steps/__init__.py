"""AWS's page "Set up to use EI", step by step: permissions, security groups, the endpoints.

Each step is general enough for both components: ElasticInferenceSetup takes them for the one EI
endpoint, SageMakerPrivateNetwork for each service of its features and the S3 gateway. Also the
small private VPC a component creates when none is given, and what the steps must learn from AWS
before anything is created (lookups, placement in a given VPC).
"""
