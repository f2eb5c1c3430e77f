"""Config schemas as core data: the `brandkit` block of mkdocs.yml as typed, validated classes.

`options.py` holds the option kinds and `load()`; `block.py` the block itself; `seo.py`,
`deploy.py`, `newsletter.py` and `syndicate.py` its sections; `settings.py` turns a loaded block
and the site values (`Site`) into the core's `Settings` and `Profile`. Nothing here imports MkDocs:
the adapter (brandkit/mkdocs/config.py) derives MkDocs' scheme from these classes.
"""
