"""Forms schools fill: built from the plan's own data, rendered as fillable/printable PDF and
editable ODT/ODS, and read back (`import`) so nobody re-types a form. Phases: spec and annexes
(what fields a plan's forms have), font (a subset CJK font small enough to embed whole), pdf,
odt and ods (render), importer (read back)."""
