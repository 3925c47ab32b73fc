"""One screen per file; modal dialogs are screens too."""
