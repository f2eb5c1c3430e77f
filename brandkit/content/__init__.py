"""brandkit's content model: typed, validated, independent of MkDocs."""
