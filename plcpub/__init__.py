"""plcpub: plans and community submissions for teacher professional learning communities, as data.

Pipeline shape (mirrors mkdocs' build): load -> validate -> model -> render.
  plcpub.load      read YAML/Markdown, keep every value's file:line:col
  plcpub.model     typed pydantic models (Plan, Submission, School)
  plcpub.validate  rules with ids, severities and plan clauses
  plcpub.commands  the command-line verbs (check, schema, new, build)
"""

__version__ = "0.1.0"
