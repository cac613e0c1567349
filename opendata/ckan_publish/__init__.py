"""Publishing datasets to CKAN catalogs: configuration, mapping, outbox, sync, import."""
