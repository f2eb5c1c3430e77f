"""Social channels and webmentions: announcing a post beyond email, through the same engine and
ledger as the newsletter senders (a channel is a `Sender` whose block lives under
`announce.channels`), registered through the same `brandkit_senders` hook."""
