"""The shell: the `earchive` command line and the demo, on top of every domain package.

Nothing below imports it; the web app (webapp/) and the workers (ingest.tasks) sit beside it.
"""
