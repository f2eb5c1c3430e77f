"""The CLI's commands, one module each (`brandkit.cli` groups them): parse, confirm, print.

Modules starting with `_` are what several commands share (messages, the site lock, progress).
"""
