"""Markdown to HTML, once per post: Python-Markdown and Pygments behind a content-hash cache."""
