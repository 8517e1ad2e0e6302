"""The desktop build (packaging/build-linux.sh) beside the venv it comes from: sizes, and the start to a usable window.

Sizes: dist/annotator unpacked, the tarball, and the venv this script runs from (``sys.prefix``). Start:
from launching the process to the window shown with the event loop running (the hidden option
``--quit-after-start`` prints a line then), offscreen, on a project holding the seed articles; the built
executable and ``python -m annotator`` of this checkout in the venv take turns, after one warm-up run each.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGETS = {"size_mb": 250.0, "start_s": 2.0}
SHOWN = "annotator: window shown: "


def size_mb(path: Path) -> float:
    """Bytes on disk of every file under ``path`` (a file linked twice counted once), in MB (10^6)."""
    seen: set[tuple[int, int]] = set()
    total = 0
    for folder, _, files in os.walk(path):
        for name in files:
            stat = os.lstat(os.path.join(folder, name))
            if (stat.st_dev, stat.st_ino) not in seen:
                seen.add((stat.st_dev, stat.st_ino))
                total += stat.st_size
    return total / 1e6


def start_time(command: list[str], env: dict[str, str]) -> float:
    """Seconds from launch to the 'window shown' line; the process then runs its job and quits by itself."""
    began = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env, cwd=ROOT)
    assert process.stdout is not None
    shown = None
    for line in process.stdout:
        if line.startswith(SHOWN) and shown is None:
            shown = time.perf_counter() - began
    if process.wait() != 0 or shown is None:
        raise SystemExit(f"{command[0]}: the window did not start (exit status {process.returncode})")
    return shown


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist" / "annotator", help="the built folder")
    parser.add_argument("--runs", type=int, default=7, help="timed starts of each (default 7)")
    args = parser.parse_args()
    built = args.dist / "annotator"
    if not built.is_file():
        raise SystemExit(f"no build at {args.dist}: run bash packaging/build-linux.sh first")
    import annotator

    tarball = args.dist.parent / f"annotator-{annotator.__version__}-linux-x86_64.tar.gz"
    print(f"load average at the start: {os.getloadavg()[0]:.1f} (2 cores here)")
    print(f"dist/annotator unpacked: {size_mb(args.dist):7.1f} MB  (target <= {TARGETS['size_mb']:.0f} MB)")
    print(f"tarball:                 {tarball.stat().st_size / 1e6 if tarball.is_file() else float('nan'):7.1f} MB  ({tarball.name})")
    print(f"the venv ({sys.prefix}): {size_mb(Path(sys.prefix)):7.1f} MB")

    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": tmp, "XDG_DATA_HOME": f"{tmp}/data",
               "XDG_CONFIG_HOME": f"{tmp}/config", "XDG_CACHE_HOME": f"{tmp}/cache", "XDG_STATE_HOME": f"{tmp}/state",
               "PYTHONPATH": str(ROOT)}
        env.pop("ANNOTATOR_DB", None)
        db = f"{tmp}/bench.annotator.db"
        subprocess.run([str(built), "import", str(ROOT / "seeds"), "--db", db], env=env, check=True,
                       stdout=subprocess.DEVNULL)
        commands = {"built": [str(built)], "venv": [sys.executable, "-m", "annotator"]}
        times: dict[str, list[float]] = {name: [] for name in commands}
        for run in range(args.runs + 1):  # run 0 warms the disk cache and is not counted
            for name, command in commands.items():
                seconds = start_time([*command, "--quit-after-start", "--db", db, "--as", "bench"], env)
                if run:
                    times[name].append(seconds)
    for name, values in times.items():
        print(f"start to a usable window, {name:5}: median {statistics.median(values):.2f} s, "
              f"min {min(values):.2f} s, max {max(values):.2f} s over {len(values)} runs"
              + (f"  (target <= {TARGETS['start_s']:.0f} s)" if name == "built" else ""))
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
