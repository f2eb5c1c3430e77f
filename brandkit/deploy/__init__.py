"""Publishing the built site: GitHub Pages branch deploys, their settings, and `doctor`'s checks."""
