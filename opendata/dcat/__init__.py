"""Filled by its own commit; wired into config/urls.py already."""
