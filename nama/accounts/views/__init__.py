"""The account pages, one module per area; ``nama.accounts.urls`` names them."""
