"""Board packs: a Readiness turned into files people read (pandas and charts load lazily here)."""
