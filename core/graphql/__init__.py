"""GraphQL machinery shared by every app: errors with codes, pagination, bounds, the view."""
