"""Disc-archived media (#15): body-camera video, audio and photos taken in from burned discs, folders and
files, stored write-once beside the scans with their metadata, retention and fixity.

Built: the catalogue (media.models), intake of ISO 9660/Joliet/Rock Ridge/UDF images, folders and files
(media.intake), metadata from ffprobe, EXIF and vendor naming patterns (media.probe, media.names), the
device registry (media.devices), retention classes and the storage deadline (media.retention), fixity
(media.fixity) and `earchive media …` / `earchive fixity verify`.

Not built yet (the rest of #15): linking by officer and time window against the case's documents and the
archivist's review queue of candidate cases (§3; media_case_link is filled only from case numbers named
on the disc), media in the case file's table of contents and in the completeness check, playback (poster
frames, range requests, web-playable proxies, `play`/`download` logging), search indexing with facets, and
the first-playable-frame benchmark.
"""
