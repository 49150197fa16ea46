"""Renderers: one module per output. Each takes plain typed models, computes what it shows in
Python, and hands templates ready-made strings (templates hold no business logic)."""
