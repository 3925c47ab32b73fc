"""Board papers: a Readiness turned into files people read (openpyxl and python-docx
load lazily here)."""
