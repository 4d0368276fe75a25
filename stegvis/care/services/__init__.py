"""State changes in care delivery, one small module per subdomain.

Every public function is one transaction, takes the acting user as `actor=` (None for the
system's own rules), records an access event for citizen data and a HistoryEvent for the
enrollment's own history. Tasks are enqueued on commit.
"""
