"""Built-in senders; each registers itself through the `brandkit_senders` hook."""
