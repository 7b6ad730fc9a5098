"""Disc-archived media (#15): body-camera video, audio and photos taken in from burned discs, folders and
files, stored write-once beside the scans with their metadata, retention and fixity.

Built: the catalogue (media.models), intake of ISO 9660/Joliet/Rock Ridge images, UDF images, folders and
files without mounting (media.disc, media.intake), metadata from ffprobe, EXIF and vendor naming patterns
(media.probe, media.exif, media.names), the device registry (media.devices), retention classes and the
storage deadline (media.retention, rules/media.yaml), fixity (media.fixity, also scheduled in
`earchive worker`), and `earchive media …` / `earchive fixity verify` (shell/media_cli.py).

Also built: linking to cases by number, else by officer and time against the acts the case's documents
record, else the archivist's review queue (media.linking, rules/media.yaml `linking`); media in the case
file's table of contents and in the completeness check (casefiles.case_data, casefiles.checks); search
(indexer.media_index and both backends); playback (media.playback, webapp.media).

Not built yet: disposal (nothing deletes an item).
Files stored in several ISO extents (over 4 GB) are refused rather than joined, and temporary files a
killed intake leaves in <store>/originals/.incoming are not yet cleared.
"""
