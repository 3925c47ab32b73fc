"""The terminal app (Textual): shows the model and the engine's output; edits go through the store."""
