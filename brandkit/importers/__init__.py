"""Bring an existing blog into brandkit: Jekyll, Hugo, dev.to exports and RSS/Atom feeds.

Each reader turns its source into `Imported` posts (pure data plus the files to copy); `writer`
puts them into the site without ever overwriting a file, and leaves redirect pages at the old
URLs.
"""
