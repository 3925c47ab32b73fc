"""The terminal app (Textual): shows the model and the engine's output.

Widgets never write files: they post messages, and the app applies them through the store.
"""
