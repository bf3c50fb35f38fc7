#!/usr/bin/env python3
"""How much first touching fresh memory costs on this machine, with and without transparent
huge pages, in processes started back to back or after a pause.

    bench/fresh_memory.py [--mib 180] [--runs 5] [--pause 3]

Each measurement is a new process (as each build is) that maps MIB of anonymous memory, asks
for huge pages or forbids them (madvise), writes one byte per 4 KiB page and prints how long
that took. On a virtual machine whose host takes back the memory the guest frees (virtio
balloon free page reporting, see /proc/cmdline's page_reporting.page_reporting_order), memory
the guest hands out after such a report is backed again by the host on first touch, which is
far slower than the guest zeroing a page. docs/performance.md#variance-on-virtual-machines says
what this means for knead.
"""

import argparse
import mmap
import subprocess
import sys
import time

PAGE = 4096


def touch(mib: int, huge: bool) -> float:
    """Milliseconds to map and first touch `mib` MiB of anonymous memory."""
    size = mib << 20
    start = time.perf_counter()
    area = mmap.mmap(-1, size, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
    area.madvise(mmap.MADV_HUGEPAGE if huge else mmap.MADV_NOHUGEPAGE)
    for offset in range(0, size, PAGE):
        area[offset] = 1
    return (time.perf_counter() - start) * 1000


def measure(mib: int, huge: bool) -> float:
    """`touch` in a fresh process, as a build would be."""
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(mib), "1" if huge else "0"],
        check=True,
        capture_output=True,
        text=True,
    )
    return float(out.stdout)


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        print(touch(int(sys.argv[2]), sys.argv[3] == "1"))
        return
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mib", type=int, default=180, help="memory to touch (knead's peak at 10,000 pages)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pause", type=float, default=3.0, help="seconds between runs in the paused series")
    args = parser.parse_args()
    for huge in (True, False):
        label = "huge pages" if huge else "4 KiB pages"
        for pause in (0.0, args.pause):
            times = []
            for _ in range(args.runs):
                time.sleep(pause)
                times.append(measure(args.mib, huge))
            shown = " ".join(f"{t:.0f}" for t in times)
            print(f"{args.mib} MiB, {label}, {pause:g} s apart: {shown} ms")


if __name__ == "__main__":
    main()
