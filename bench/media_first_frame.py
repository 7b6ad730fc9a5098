"""Time to the first playable frame in the browser for a large clip (#15 benchmark), original and proxy.

Run by hand, never in tests:

    .venv/bin/python bench/media_first_frame.py                   # a 100 MB clip, 5 rounds each
    .venv/bin/python bench/media_first_frame.py --size 20M --rounds 3 --mbit 100

Makes one H.264/AAC clip of about --size bytes with ffmpeg (720p, noise so the encoder must spend the
bits; moov at the end, as cameras and ffmpeg write by default), a +faststart remux of it (moov first),
and a Matroska remux that earchive does not hand to a browser, so it gets a web-playable proxy. All
three are taken in through media intake (an ISO would only add xorriso's time) into a fresh data
directory; the proxy is made as `earchive worker` makes it (its time is reported too), and the poster
and keyframe strip as the first visit of a page makes them, before anything is measured. The app is
served on loopback by werkzeug (threads), as in the browser tests.

For each variant and round, Debian's Chromium opens a fresh context (no cache; the app sends no-store
anyway), goes to the item page and starts playing at DOMContentLoaded, as a user pressing play at
once would. Reported, from navigation start (performance.timeOrigin): the video's 'loadeddata'
(first frame decoded), 'canplay', and the first frame presented (requestVideoFrameCallback), median
and range over the rounds, and how many range requests the stream took. --mbit N throttles the
browser's network to N Mbit/s with 2 ms latency (Chrome DevTools network emulation), for an office LAN.
"""
from __future__ import annotations

import argparse
import json
import logging
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

_FFMPEG = ["ffmpeg", "-hide_banner", "-loglevel", "error", "-y"]
PASSWORD = "bench-horse-42-battery"

# Injected before any page script (CDP, so the app's CSP does not apply): record the video's events and
# start playing as soon as the element exists.
_INIT = """
window.__ff = {};
const mark = (name) => { if (!(name in window.__ff)) window.__ff[name] = performance.now(); };
for (const ev of ['loadedmetadata', 'loadeddata', 'canplay', 'playing']) {
  document.addEventListener(ev, (e) => { if (e.target.id === 'media-player') mark(ev); }, true);
}
document.addEventListener('DOMContentLoaded', () => {
  const v = document.getElementById('media-player');
  if (!v) { window.__ff.error = 'no player'; return; }
  v.muted = true;
  if (v.requestVideoFrameCallback) v.requestVideoFrameCallback(() => mark('first_frame'));
  v.play().catch((e) => { window.__ff.error = String(e); });
});
"""


def parse_size(text: str) -> int:
    units = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    text = text.strip().upper()
    return int(float(text[:-1]) * units[text[-1]]) if text[-1] in units else int(text)


def make_clip(folder: Path, size: int, seconds: int) -> dict[str, Path]:
    kbit = max(200, int(size * 8 / seconds / 1000) - 96)  # video bitrate for the target size, audio aside
    plain = folder / "DSJ0009_20240305090203_100009.mp4"
    subprocess.run(_FFMPEG + ["-f", "lavfi", "-i", f"testsrc2=size=1280x720:rate=25:duration={seconds}",
                              "-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}",
                              "-vf", "noise=alls=40:allf=t", "-c:v", "libx264", "-preset", "ultrafast",
                              "-b:v", f"{kbit}k", "-maxrate", f"{kbit}k", "-bufsize", f"{kbit * 2}k",
                              "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "96k", "-shortest",
                              "-metadata", "creation_time=2024-03-05T01:02:03Z", str(plain)], check=True)
    fast = folder / "DSJ0009_20240305091000_100009.mp4"
    subprocess.run(_FFMPEG + ["-i", str(plain), "-c", "copy", "-map", "0", "-movflags", "+faststart",
                              "-metadata", "comment=faststart", str(fast)], check=True)
    mkv = folder / "DSJ0009_20240305092000_100009.mkv"
    subprocess.run(_FFMPEG + ["-i", str(plain), "-c", "copy", "-map", "0", "-metadata", "comment=mkv", str(mkv)],
                   check=True)
    return {"original, moov at end": plain, "original, +faststart": fast, "proxy (of an MKV)": mkv}


def moov_first(path: Path) -> bool:
    with open(path, "rb") as f:
        head = f.read(1 << 16)
    return 0 <= head.find(b"moov") < (head.find(b"mdat") if b"mdat" in head else 1 << 17)


def setup(work: Path, clips: dict[str, Path]):
    from access_control.users import create_user
    from context import open_context
    from earchive.settings import Settings
    from media.intake import ingest_media
    from media.models import MediaItem
    from media.playback import Playback
    from records.models import Agency, Unit

    ctx = open_context(Settings(data_dir=work / "var"))
    with ctx.db.transaction() as s:
        unit = Unit(agency=Agency(code="bench", name="基准测试局", rules={}), code="b1", name="基准中队")
        s.add(unit)
        s.flush()
        create_user(s, "bench_archivist", PASSWORD, "基准档案员", "archivist", unit.id, "top_secret")
        unit_id = unit.id
    ids, proxy_s = {}, None
    for name, path in clips.items():
        [result] = ingest_media(ctx, [path], unit_id=unit_id)
        [f] = result.files
        assert f.status == "new", f.error
        ids[name] = f.item_id
        with ctx.db.session() as s:
            playback = Playback.of(ctx.store, s.get(MediaItem, f.item_id))
        playback.poster()  # made once, on the first visit of the page; not what is measured here
        playback.strip()
        if not playback.decision().playable:
            t = time.perf_counter()
            proxy = playback.proxy()
            proxy_s = time.perf_counter() - t
            print(f"proxy of {path.name}: {proxy.stat().st_size / 2**20:.1f} MB, made in {proxy_s:.1f} s, "
                  f"moov first: {moov_first(proxy)}", flush=True)
    return ctx, ids


def measure(base: str, item_id: int, rounds: int, mbit: float, state: dict) -> list[dict]:
    from browser import CHROMIUM, CHROMIUM_ARGS
    from playwright.sync_api import sync_playwright

    out = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for _ in range(rounds):
                context = browser.new_context(storage_state=state)
                page = context.new_page()
                page.add_init_script(_INIT)
                if mbit:
                    cdp = context.new_cdp_session(page)
                    cdp.send("Network.enable")
                    cdp.send("Network.emulateNetworkConditions", {
                        "offline": False, "latency": 2, "downloadThroughput": mbit * 1e6 / 8,
                        "uploadThroughput": mbit * 1e6 / 8})
                ranges: list[str] = []
                page.on("request", lambda r: ranges.append(r.headers.get("range", "-"))
                        if "/stream" in r.url else None)
                page.goto(f"{base}/media/{item_id}", wait_until="commit")
                page.wait_for_function("() => window.__ff && (('first_frame' in window.__ff && 'canplay' in "
                                       "window.__ff) || window.__ff.error)", timeout=300_000)
                marks = page.evaluate("() => window.__ff")
                if "error" in marks:
                    raise SystemExit(f"playback failed: {marks['error']}")
                marks["range_requests"] = len(ranges)
                out.append(marks)
                context.close()
        finally:
            browser.close()
    return out


def login_state(base: str) -> dict:
    from browser import CHROMIUM, CHROMIUM_ARGS
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context()
        page = context.new_page()
        page.goto(base + "/login")
        page.fill("input[name=username]", "bench_archivist")
        page.fill("input[name=password]", PASSWORD)
        page.keyboard.press("Enter")
        page.wait_for_url(lambda url: "/login" not in url)
        state = context.storage_state()
        browser.close()
    return state


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", default="100M", help="clip size, e.g. 100M (default), 20M, 1G")
    ap.add_argument("--seconds", type=int, default=120, help="clip length (default 120 s)")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--mbit", type=float, default=0, help="throttle the browser to this many Mbit/s (0: none)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    from browser import served
    from webapp.app import create_app

    logging.getLogger("werkzeug").setLevel(logging.WARNING)

    work = Path(tempfile.mkdtemp(prefix="earchive-bench-firstframe-"))
    try:
        (work / "in").mkdir()
        t = time.perf_counter()
        clips = make_clip(work / "in", parse_size(args.size), args.seconds)
        plain = next(iter(clips.values()))
        print(f"clip: {plain.stat().st_size / 2**20:.1f} MB, {args.seconds} s 1280x720 H.264/AAC, "
              f"made in {time.perf_counter() - t:.1f} s", flush=True)
        ctx, ids = setup(work, clips)
        app = create_app(test_config={"EARCHIVE_CONTEXT": ctx})
        results = {}
        with served(app) as base:
            state = login_state(base)
            for name, item_id in ids.items():
                results[name] = measure(base, item_id, args.rounds, args.mbit, state)
        ctx.close()
        report = {}
        for name, rounds in results.items():
            report[name] = {k: {"median_ms": round(statistics.median(r[k] for r in rounds)),
                                "min_ms": round(min(r[k] for r in rounds)), "max_ms": round(max(r[k] for r in rounds))}
                            for k in ("loadeddata", "canplay", "first_frame")}
            report[name]["range_requests"] = statistics.median(r["range_requests"] for r in rounds)
        if args.json:
            print(json.dumps(report, ensure_ascii=False, indent=2))
        else:
            net = f"throttled to {args.mbit:g} Mbit/s" if args.mbit else "loopback, unthrottled"
            print(f"\ntime from navigation to the first playable frame ({args.rounds} rounds, {net}):")
            for name, r in report.items():
                cells = "  ".join(f"{k} {v['median_ms']} ms ({v['min_ms']}-{v['max_ms']})"
                                  for k, v in r.items() if isinstance(v, dict))
                print(f"  {name:24s} {cells}  range requests {r['range_requests']:g}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
