"""Email subscriptions: subscribe-form specs per provider, and announcing each new post exactly
once through configured senders (SMTP, Buttondown, listmonk, a signed webhook, or a plugin).

The core here knows nothing of MkDocs or Click: `brandkit.commands.newsletter` adapts it.
"""
