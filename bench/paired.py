#!/usr/bin/env python3
"""knead beside Hugo, build after build, on the sites bench/run.sh generated.

    bench/paired.py [--rounds N] [--knead [NAME=]BIN ...] [--work DIR] [--shape files|urls]
                    [--theme clinic|hugo-like] [--hugo-layouts bench|clinic-like] PAGES [PAGES ...]

hyperfine (bench/run.sh) times all of knead's builds and then all of Hugo's: on a shared machine
whose speed changes from minute to minute, the two tools then see different machines, and the
ratio of one run moves by a fifth. Here every round builds the site once with each tool, the
order swapped from round to round, so both meet the same conditions. Prints each tool's median
wall time and the ratio of the medians (the target's measure), then the median and the range of
the per-round ratios, which tell how far one round's conditions moved it.

Several knead binaries (`--knead release=target/release/knead --knead dist=target/dist/knead`)
take their turns in the same rounds, each compared with the same Hugo builds.

Uses the same commands as bench/run.sh (every knead feature on, output on tmpfs), so run
bench/run.sh first (with SHAPE=urls for `--shape urls`, THEME=hugo-like for `--theme hugo-like`,
HUGO_LAYOUTS=clinic-like for `--hugo-layouts clinic-like`): it generates the sites and turns on feeds and autolinks. Every timed build starts from an empty
output directory, as in CI (the deletion is not timed). One untimed build of each tool comes
first.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time


def timed(cmd, output):
    shutil.rmtree(output, ignore_errors=True)
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def knead_binaries(specs, default):
    """`NAME=PATH` or `PATH` (named `knead`) for each --knead."""
    binaries = {}
    for spec in specs or [default]:
        name, _, path = spec.rpartition("=")
        name = name or "knead"
        if name in binaries or name == "hugo":
            sys.exit(f"--knead {spec}: name every binary differently (NAME=PATH)")
        if not os.access(path, os.X_OK):
            sys.exit(f"missing {path}: cargo build --profile dist, or pass --knead BIN")
        binaries[name] = path
    return binaries


def main():
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    default_work = os.environ.get("BENCH_DIR", "/dev/shm/bench")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="+", type=int)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument(
        "--knead",
        action="append",
        metavar="[NAME=]BIN",
        help="a knead binary (default target/dist/knead); repeat to time several side by side",
    )
    parser.add_argument("--work", default=default_work, help="bench/run.sh's work dir")
    parser.add_argument(
        "--shape",
        choices=("files", "urls"),
        default="files",
        help="links by source file (@/x.md) or by URL (/x/); see bench/run.sh",
    )
    parser.add_argument(
        "--theme",
        choices=("clinic", "hugo-like"),
        default="clinic",
        help="knead's bundled clinic theme, or templates writing the Hugo layouts' pages; see bench/run.sh",
    )
    parser.add_argument(
        "--hugo-layouts",
        choices=("bench", "clinic-like"),
        default="bench",
        help="the Hugo flavour's own layouts, or layouts writing the clinic theme's pages; see bench/run.sh",
    )
    args = parser.parse_args()
    if shutil.which("hugo") is None:
        sys.exit("missing hugo: apt-get install -y hugo")
    binaries = knead_binaries(args.knead, os.path.join(repo, "target/dist/knead"))
    for n in args.pages:
        suffix = ("" if args.shape == "files" else "-urls") + ("" if args.theme == "clinic" else "-hugo-like")
        site = os.path.join(args.work, f"knead{suffix}-{n}")
        hugo_suffix = "" if args.hugo_layouts == "bench" else "-clinic-like"
        hugo_site = os.path.join(args.work, f"hugo{hugo_suffix}-{n}")
        for path in (site, hugo_site):
            if not os.path.isdir(path):
                sys.exit(
                    f"missing {path}: run SHAPE={args.shape} THEME={args.theme} "
                    f"HUGO_LAYOUTS={args.hugo_layouts} bench/run.sh {n} first "
                    f"(BENCH_DIR={args.work})"
                )
        tools = {
            name: [binary, "build", "--root", site, "--output", os.path.join(args.work, f"out-{name}-{n}")]
            for name, binary in binaries.items()
        }
        tools["hugo"] = ["hugo", "--quiet", "-s", hugo_site, "-d", os.path.join(args.work, f"out-hugo-{n}")]
        outputs = {name: cmd[-1] for name, cmd in tools.items()}
        for name, cmd in tools.items():
            timed(cmd, outputs[name])
        times = {name: [] for name in tools}
        for round_ in range(args.rounds):
            order = list(tools) if round_ % 2 == 0 else list(reversed(tools))
            for name in order:
                times[name].append(timed(tools[name], outputs[name]))
        print(
            f"== {n} pages, {args.shape} shape, {args.theme} theme, Hugo {args.hugo_layouts} layouts, "
            f"{args.rounds} rounds"
        )
        for name, runs in times.items():
            print(f"{name}: median {statistics.median(runs):.3f} s (range {min(runs):.3f}-{max(runs):.3f} s)")
        hugo = statistics.median(times["hugo"])
        for name in binaries:
            knead = statistics.median(times[name])
            per_round = sorted(h / k for k, h in zip(times[name], times["hugo"]))
            print(
                f"{name}/Hugo, ratio of medians: {hugo / knead:.2f}x; per-round ratios: median "
                f"{statistics.median(per_round):.2f}x, range {per_round[0]:.2f}-{per_round[-1]:.2f}x"
            )


if __name__ == "__main__":
    main()
