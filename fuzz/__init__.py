"""Fuzzing readiness with damaged and hostile files: `make fuzz` and tests/test_fuzz.py."""
