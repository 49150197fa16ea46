"""Forms schools fill: built from the plan's own data, rendered as fillable/printable PDF, and
read back (`import`) so nobody re-types a form. Phases: spec (what fields a plan's form has),
font (a subset CJK font small enough to embed whole), pdf (render), importer (read back)."""
