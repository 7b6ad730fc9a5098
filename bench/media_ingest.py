"""Media intake rate: items per minute for a disc of small clips, as an ISO image and as a copied folder.

Run by hand, never in tests:

    .venv/bin/python bench/media_ingest.py              # 200 clips (about a minute)
    .venv/bin/python bench/media_ingest.py --clips 50

Makes one 1-second 64×48 H.264/AAC clip with ffmpeg, then --clips distinct
copies of it (remuxed with their own creation_time and a comment, named as a
body camera names them: <device>_<YYYYMMDDhhmmss>_<officer>.mp4), burns them
with xorriso into an ISO with Rock Ridge and Joliet names, and takes the image
in with `earchive media ingest` (as a function call) into a fresh data
directory; then the same clips as a folder into another. Each clip is read,
hashed, stored write-once, probed by ffprobe, named, cross-checked and
catalogued. Reported: wall time and items per minute for each; per item most
of the time is the ffprobe process.
"""
from __future__ import annotations

import argparse
import datetime as dt
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

_FFMPEG = ["ffmpeg", "-hide_banner", "-loglevel", "error", "-y"]


def make_clips(folder: Path, n: int) -> list[Path]:
    base = folder.parent / "base.mp4"
    subprocess.run(_FFMPEG + ["-f", "lavfi", "-i", "testsrc=size=64x48:rate=10:duration=1", "-f", "lavfi", "-i",
                              "sine=duration=1", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
                              "-c:a", "aac", "-shortest", str(base)], check=True)
    start = dt.datetime(2024, 3, 5, 8, 0, 0)
    out = []
    for i in range(n):
        local = start + dt.timedelta(minutes=3 * i)
        utc = local - dt.timedelta(hours=8)
        path = folder / f"DSJ{i % 4:04d}_{local:%Y%m%d%H%M%S}_1000{i % 4:02d}.mp4"
        subprocess.run(_FFMPEG + ["-i", str(base), "-c", "copy", "-metadata", f"creation_time={utc:%Y-%m-%dT%H:%M:%SZ}",
                                  "-metadata", f"comment=bench {i}", str(path)], check=True)
        out.append(path)
    return out


def ingest(path: Path, data_dir: Path) -> tuple[float, int]:
    from context import open_context
    from earchive.settings import Settings
    from media.intake import ingest_media

    ctx = open_context(Settings(data_dir=data_dir))
    try:
        start = time.perf_counter()
        [result] = ingest_media(ctx, [path])
        elapsed = time.perf_counter() - start
    finally:
        ctx.close()
    new = sum(f.status == "new" for f in result.files)
    assert new == len(result.files), [f.error for f in result.files if f.error]
    return elapsed, new


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--clips", type=int, default=200)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="earchive-bench-media-"))
    try:
        folder = work / "disc"
        folder.mkdir()
        t = time.perf_counter()
        clips = make_clips(folder, args.clips)
        iso = work / "disc.iso"
        subprocess.run(["xorriso", "-as", "mkisofs", "-quiet", "-J", "-R", "-V", "BENCH", "-o", str(iso), str(folder)],
                       check=True, capture_output=True)
        print(f"{len(clips)} clips ({sum(c.stat().st_size for c in clips) / 1e6:.1f} MB) and their ISO made in "
              f"{time.perf_counter() - t:.1f} s", flush=True)
        for name, path in (("iso", iso), ("folder", folder)):
            elapsed, n = ingest(path, work / f"var-{name}")
            print(f"{name:6} {n} items in {elapsed:.1f} s: {n / elapsed * 60:.0f} items/min", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
