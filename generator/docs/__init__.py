"""The HTML and Markdown reference of each API, rendered from its spec (`render.render_docs`)."""
