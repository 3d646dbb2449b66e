#!/usr/bin/env python3
"""tus benchmark: a resumable upload against a plain PUT of the same body, same run.

Starts the service jar (demo-app/target) on 127.0.0.1 with its storage in a temporary
directory, then measures in interleaved rounds:
  - PUT /files/{key} of the body (curl -T), MB/s
  - tus, one PATCH of the whole body (POST /uploads/, then curl -T the PATCH), MB/s
  - tus, PATCHes of --chunk-mib each, MB/s: the chunks are files cut beforehand (not
    timed), sent by one curl over one connection (--next per PATCH), as a tus client
    that keeps its connection does; every PATCH must answer 204
and prints the medians and the ratios to the PUT (targets: >= 0.9 one PATCH,
>= 0.7 with 5 MiB chunks). Python 3 standard library and curl only.

  ./mvnw -B -ntp -pl pump-spring-boot-autoconfigure,demo-app -am package -DskipTests
  python3 benchmarks/tus.py                 # 3 rounds, 1 GiB
  python3 benchmarks/tus.py --size-mib 256 --rounds 2
"""

import argparse
import base64
import os
import shutil
import statistics
import subprocess
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SERVICE_JAR = os.path.join(ROOT, "demo-app", "target", "demo-app-0.1.0-SNAPSHOT.jar")
MIB = 1024 * 1024
PORT = 18091
BASE = "http://127.0.0.1:%d" % PORT
TUS = ["-H", "Tus-Resumable: 1.0.0"]


def curl(*args):
    result = subprocess.run(["curl", "-sS", "-o", "/dev/null", "-D", "-", "-H", "Expect:", *args], check=True,
                            capture_output=True, text=True)
    return result.stdout


def header(head, name):
    for line in head.splitlines():
        if line.lower().startswith(name.lower() + ":"):
            return line.split(":", 1)[1].strip()
    raise RuntimeError("no %s in %s" % (name, head))


def create(key, size):
    metadata = "key " + base64.b64encode(key.encode()).decode()
    head = curl("-X", "POST", BASE + "/uploads/", *TUS, "-H", "Upload-Length: %d" % size,
                "-H", "Upload-Metadata: " + metadata)
    return BASE + header(head, "Location")


def patch(location, offset, path):
    args = ["-X", "PATCH", location, *TUS, "-H", "Content-Type: application/offset+octet-stream",
            "-H", "Upload-Offset: %d" % offset]
    head = curl(*args, "-T", path)
    if " 204" not in head.splitlines()[0]:
        raise RuntimeError(head)
    return int(header(head, "Upload-Offset"))


def cut(path, size, chunk, work):
    """Cut the body into chunk files, returning (offset, path) pairs."""
    pieces = []
    with open(path, "rb") as body:
        for offset in range(0, size, chunk):
            piece = os.path.join(work, "chunk-%06d.bin" % len(pieces))
            with open(piece, "wb") as out:
                out.write(body.read(chunk))
            pieces.append((offset, piece))
    return pieces


def patch_all(location, pieces):
    """One curl, one connection, one PATCH per piece in order."""
    args = []
    for offset, piece in pieces:
        if args:
            args.append("--next")
        args += ["-sS", "-o", "/dev/null", "-D", "-", "-H", "Expect:", "-X", "PATCH", *TUS,
                 "-H", "Content-Type: application/offset+octet-stream", "-H", "Upload-Offset: %d" % offset,
                 "-T", piece, location]
    heads = subprocess.run(["curl", *args], check=True, capture_output=True, text=True).stdout
    statuses = [line.split()[1] for line in heads.splitlines() if line.startswith("HTTP/")]
    if statuses != ["204"] * len(pieces):
        raise RuntimeError("PATCH statuses: %s" % sorted(set(statuses)))


def timed(work, size):
    start = time.perf_counter()
    work()
    return size / MIB / (time.perf_counter() - start)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size-mib", type=int, default=1024)
    parser.add_argument("--chunk-mib", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    size = args.size_mib * MIB
    work = tempfile.mkdtemp(prefix="tus-bench-")
    body = os.path.join(work, "body.bin")
    with open(body, "wb") as out:
        block = os.urandom(MIB)
        for _ in range(args.size_mib):
            out.write(block)
    log = open(os.path.join(work, "service.log"), "w")
    service = subprocess.Popen(["java", "-Xms256m", "-Xmx1g", "-jar", SERVICE_JAR, "--server.address=127.0.0.1",
                                "--server.port=%d" % PORT, "--demo.storage.directory=" + os.path.join(work, "data"),
                                "--demo.max-upload-size=64GB"], stdout=log, stderr=subprocess.STDOUT)
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(BASE + "/files", timeout=1).read()
                break
            except OSError:
                time.sleep(0.5)

        def put(n):
            return lambda: curl("-T", body, BASE + "/files/put-%d" % n)

        def one_patch(n):
            return lambda: patch(create("tus-%d" % n, size), 0, body)

        pieces = cut(body, size, args.chunk_mib * MIB, work)

        def chunks(n):
            def run():
                location = create("chunks-%d" % n, size)
                patch_all(location, pieces)
                if header(curl("-I", location, *TUS), "Upload-Offset") != str(size):
                    raise RuntimeError("chunked upload incomplete")
            return run

        results = {"put": [], "tus one PATCH": [], "tus %d MiB chunks" % args.chunk_mib: []}
        variants = list(zip(results.keys(), (put, one_patch, chunks)))
        for n in range(-1, args.rounds):  # round -1 warms the JIT up
            rotated = variants[n % len(variants):] + variants[:n % len(variants)]
            for name, make in rotated:
                speed = timed(make(n + 1), size)
                if n >= 0:
                    results[name].append(speed)
                print("round %d %-18s %8.1f MB/s" % (n, name, speed), flush=True)
        put_median = statistics.median(results["put"])
        for name, speeds in results.items():
            median = statistics.median(speeds)
            print("%-18s median %8.1f MiB/s  ratio to PUT %.2f" % (name, median, median / put_median))
    finally:
        service.terminate()
        service.wait(30)
        log.close()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
