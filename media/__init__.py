"""Disc-archived media (#15): body-camera video, audio and photos taken in from burned discs, folders and
files, stored write-once beside the scans with their metadata, retention and fixity.

Built: the catalogue (media.models), intake of ISO 9660/Joliet/Rock Ridge images, UDF images, folders and
files without mounting (media.disc, media.intake), metadata from ffprobe, EXIF and vendor naming patterns
(media.probe, media.exif, media.names), the device registry (media.devices), retention classes and the
storage deadline (media.retention, rules/media.yaml), fixity (media.fixity, also scheduled in
`earchive worker`), and `earchive media …` / `earchive fixity verify` (shell/media_cli.py).

Not built yet (the rest of #15): linking by officer and time window against the case's documents and the
archivist's review queue of candidate cases (§3; media_case_link is filled only from case numbers that a
disc's label, README or folder names give, at intake); media in the case file's table of contents and in
the completeness check; playback (poster frames, range requests, web-playable proxies, `play`/`download`
through the access policy and log); search indexing with facets; the first-playable-frame benchmark.
Files stored in several ISO extents (over 4 GB) are refused rather than joined, and temporary files a
killed intake leaves in <store>/originals/.incoming are not yet cleared.
"""
