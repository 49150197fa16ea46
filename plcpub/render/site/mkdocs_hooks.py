"""MkDocs hooks for every site build (mkdocs.yml lists this file; MkDocs loads it by path).
The hooks themselves live in engine.py with MkDocs' other internals."""
from mkdocs.plugins import event_priority

from plcpub.render.site import engine

on_config = event_priority(100)(engine.on_config)  # before Material's search plugin builds its first environment
