"""Cross-posting to other services with canonical URLs: the neutral copy of a post and the
service contract (`base`), one module per service (`devto`, `hashnode`), the run that plans and
records each copy (`sync`), the HTTP client (`http`) and the links back (`links`).
"""
