"""Build shim for ``scrapyd-deploy``: all metadata lives in pyproject.toml.

scrapyd-client 2.0.3 builds the egg with ``python setup.py bdist_egg`` and, when this
file is missing, writes its own ``setup.py`` (project name ``project``) into the
repository. This one keeps the name, version, package data (the replica's site files)
and the ``scrapy`` settings entry point of pyproject.toml.
"""

from setuptools import setup

setup()
