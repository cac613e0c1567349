"""Demo content: Vietnamese e-government news and procedure guides, loaded by
``manage.py load_demo_content`` (see :mod:`cms.demo.loader`)."""
