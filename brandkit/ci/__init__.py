"""The GitHub Actions workflow brandkit writes, and the check it runs before a scheduled deploy."""
