"""The component for every Pulumi language: its args as the schema analyzer reads them, the hosted
class, and the provider that serves them (``provider.py``).

``provider/`` at the top of the repository hosts it as a component package; ``pulumi package
add`` generates an SDK for TypeScript, Go, C#, Java or YAML from it. The modules here avoid
``from __future__ import annotations``, ``Literal`` and ``Union``, which the analyzer cannot read.
"""
