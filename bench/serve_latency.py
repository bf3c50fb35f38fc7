#!/usr/bin/env python3
"""Edit-to-reload latency of `knead serve`: the time from writing a markdown file to the
server-sent `reload` event arriving at a client connected like a browser tab.

    python3 bench/serve_latency.py --root SITE --page content/guides/x.md [--edits 20] [--change body|title]

Starts `knead serve --port 0` on SITE, changes PAGE --edits times (waiting for each reload),
restores the file and prints every latency and the median in milliseconds. `--change body`
(the default) appends a line to the body, which re-renders the page and its feeds; `--change
title` edits the title in the front matter, which listings, related pages, tag pages and feeds
show, so the site is reloaded and those files are rendered again.
"""
import argparse
import os
import socket
import statistics
import subprocess
import sys
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", required=True)
    ap.add_argument("--page", required=True, help="path under --root of the markdown file to edit")
    ap.add_argument("--edits", type=int, default=20)
    ap.add_argument("--change", choices=["body", "title"], default="body")
    ap.add_argument("--knead", default=os.path.join(os.path.dirname(__file__), "..", "target", "dist", "knead"))
    args = ap.parse_args()

    server = subprocess.Popen([args.knead, "serve", "--port", "0", "--root", args.root],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        url = None
        for line in server.stdout:
            if line.startswith("serving "):
                url = line.split()[1]
                break
        if not url:
            sys.exit("knead serve did not start")
        host, port = url.split("//")[1].rstrip("/").split(":")
        sse = socket.create_connection((host, int(port)))
        sse.sendall(f"GET /__knead/events HTTP/1.1\r\nHost: {host}:{port}\r\nAccept: text/event-stream\r\n\r\n".encode())
        buffer = b""
        while b"retry:" not in buffer:
            buffer += sse.recv(4096)
        path = os.path.join(args.root, args.page)
        original = open(path, "rb").read()
        latencies = []
        try:
            for i in range(args.edits):
                time.sleep(0.3)  # let the watcher settle, as between keystrokes and saves
                with open(path, "wb") as f:
                    f.write(changed(original, args.change, i))
                start = time.perf_counter()
                buffer = b""
                while b"data: reload" not in buffer:
                    chunk = sse.recv(4096)
                    if not chunk:
                        sys.exit("the event stream closed")
                    buffer += chunk
                latencies.append((time.perf_counter() - start) * 1000)
        finally:
            open(path, "wb").write(original)
        print("latencies (ms):", " ".join(f"{x:.1f}" for x in latencies))
        print(f"median {statistics.median(latencies):.1f} ms over {len(latencies)} edits"
              f" (min {min(latencies):.1f}, max {max(latencies):.1f})")
    finally:
        server.kill()


def changed(original, change, i):
    """The page's bytes after edit number `i`."""
    if change == "body":
        return original + f"\nEdit number {i} for the latency benchmark.\n".encode()
    lines = original.decode().split("\n")
    at = next(n for n, line in enumerate(lines) if line.startswith("title:"))
    title = lines[at][len("title:"):].strip().strip('"')
    lines[at] = f'title: "Edit {i}: {title}"'
    return "\n".join(lines).encode()


if __name__ == "__main__":
    main()
