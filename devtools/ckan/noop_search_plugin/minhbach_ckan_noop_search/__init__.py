"""CKAN plugin that lets CKAN run without Solr (see plugin.py)."""
