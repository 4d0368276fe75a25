"""Services of the access log: review (search, export, patterns), reviewer grants, citizens."""
