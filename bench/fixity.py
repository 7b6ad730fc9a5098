"""Hashing throughput: earchive's media intake and its fixity run against `sha256sum`, on the same bytes, in one run.

Run by hand, never in tests:

    .venv/bin/python bench/fixity.py              # 2 GB of media (a few minutes)
    .venv/bin/python bench/fixity.py --size 256M  # a quick look

Makes --files WAV recordings of random samples that add up to --size (real
media: ffprobe reads them as WAV), in a fresh data directory, reads them once
so that every contender starts from the page cache, then, --rounds times in
alternating order:
  sha256sum   `sha256sum FILES` (coreutils; Debian's is built without OpenSSL, so it does not use the
              CPU's SHA instructions);
  openssl     `openssl dgst -sha256 FILES`, the same hash through OpenSSL as Python's hashlib: the
              harder reference;
  intake      `earchive media ingest FOLDER` as a function call: each file streamed once
              into the store's incoming area while hashed, fsynced, probed by ffprobe, linked
              in write-once and catalogued (a new data directory each round, so nothing is a
              duplicate);
  fixity      `earchive fixity verify` over the store the intake filled: re-hash only.
Reported: MB/s of each, and intake's and fixity's share of sha256sum's and openssl's
throughput (the issue's goal: intake at least 90% of sha256sum's). Intake also writes and fsyncs every byte,
which sha256sum does not; on a shared or slow disk that is the difference.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def _size(text: str) -> int:
    units = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    return int(float(text[:-1]) * units[text[-1].upper()]) if text[-1].upper() in units else int(text)


def write_wav(path: Path, data_bytes: int) -> None:
    """A 48 kHz 16-bit stereo WAV whose samples are random bytes (incompressible, like video)."""
    data_bytes -= data_bytes % 4
    header = (b"RIFF" + struct.pack("<I", 36 + data_bytes) + b"WAVE" + b"fmt " +
              struct.pack("<IHHIIHH", 16, 1, 2, 48000, 48000 * 4, 4, 16) + b"data" + struct.pack("<I", data_bytes))
    with open(path, "wb") as f:
        f.write(header)
        left = data_bytes
        while left:
            n = min(left, 16 << 20)
            f.write(os.urandom(n))
            left -= n


def _time_sha256sum(files: list[Path]) -> float:
    start = time.perf_counter()
    subprocess.run(["sha256sum", *map(str, files)], check=True, capture_output=True)
    return time.perf_counter() - start


def _time_openssl(files: list[Path]) -> float:
    start = time.perf_counter()
    subprocess.run(["openssl", "dgst", "-sha256", *map(str, files)], check=True, capture_output=True)
    return time.perf_counter() - start


def _time_intake(folder: Path, data_dir: Path) -> tuple[float, float]:
    from context import open_context
    from earchive.settings import Settings
    from media.fixity import verify_store
    from media.intake import ingest_media

    shutil.rmtree(data_dir, ignore_errors=True)
    ctx = open_context(Settings(data_dir=data_dir))
    try:
        start = time.perf_counter()
        [result] = ingest_media(ctx, [folder])
        intake = time.perf_counter() - start
        assert all(f.status == "new" for f in result.files), [f.error for f in result.files if f.error]
        start = time.perf_counter()
        run = verify_store(ctx)
        fixity = time.perf_counter() - start
        assert run["status"] == "ok"
    finally:
        ctx.close()
    return intake, fixity


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", type=_size, default=2 << 30, help="total bytes of media (e.g. 2G, 256M)")
    ap.add_argument("--files", type=int, default=4)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--dir", type=Path, default=None, help="work directory (default: a new temporary one)")
    args = ap.parse_args()

    work = args.dir or Path(tempfile.mkdtemp(prefix="earchive-bench-fixity-"))
    folder = work / "media"
    folder.mkdir(parents=True, exist_ok=True)
    files = [folder / f"REC{n:03d}.wav" for n in range(args.files)]
    for f in files:
        write_wav(f, args.size // args.files)
    total = sum(f.stat().st_size for f in files)
    _time_sha256sum(files)  # into the page cache
    print(f"{len(files)} WAV files, {total / 1e6:.0f} MB, in {work}; {os.cpu_count()} cores", flush=True)

    times: dict[str, list[float]] = {"sha256sum": [], "openssl": [], "intake": [], "fixity": []}
    try:
        for r in range(args.rounds):
            order = ("sha256sum", "openssl", "intake") if r % 2 == 0 else ("intake", "openssl", "sha256sum")
            for name in order:
                if name == "sha256sum":
                    times["sha256sum"].append(_time_sha256sum(files))
                elif name == "openssl":
                    times["openssl"].append(_time_openssl(files))
                else:
                    intake, fixity = _time_intake(folder, work / "var")
                    times["intake"].append(intake)
                    times["fixity"].append(fixity)
            print(f"round {r + 1}: " + ", ".join(f"{k} {v[-1]:.2f} s" for k, v in times.items()), flush=True)
    finally:
        if args.dir is None:
            shutil.rmtree(work, ignore_errors=True)
    rate = {k: total / statistics.median(v) / 1e6 for k, v in times.items()}
    print(f"\nmedian MB/s: sha256sum {rate['sha256sum']:.0f}, openssl {rate['openssl']:.0f}, "
          f"earchive intake {rate['intake']:.0f}, earchive fixity {rate['fixity']:.0f}")
    for ref in ("sha256sum", "openssl"):
        print(f"intake / {ref} = {rate['intake'] / rate[ref]:.2f}; fixity / {ref} = {rate['fixity'] / rate[ref]:.2f}")


if __name__ == "__main__":
    main()
