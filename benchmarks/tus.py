#!/usr/bin/env python3
"""tus benchmark: a resumable upload against a plain PUT of the same body, same run.

Starts the service jar (demo-app/target) on 127.0.0.1 with its storage in a temporary
directory, then measures in interleaved rounds:
  - PUT /files/{key} of the body, MB/s
  - tus, one PATCH of the whole body (POST /uploads/, then the PATCH), MB/s
  - tus, PATCHes of --chunk-mib each, MB/s
all over one keep-alive connection (as tus-js-client and browsers send them; until
2026-11-28 a curl process per chunk, which measured curl's start-up), and prints the
medians and the ratios to the PUT (targets: >= 0.9 one PATCH, >= 0.7 with 5 MiB chunks).
Python 3 standard library only.

  ./mvnw -B -ntp -pl pump-spring-boot-autoconfigure,demo-app -am package -DskipTests
  python3 benchmarks/tus.py                 # 3 rounds, 1 GiB
  python3 benchmarks/tus.py --size-mib 256 --rounds 2
"""

import argparse
import base64
import os
import shutil
import statistics
import http.client
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
TUS = {"Tus-Resumable": "1.0.0"}


class Client:
    """One keep-alive HTTP/1.1 connection, as tus-js-client and browsers use: every
    variant sends its requests through it, the body streamed from the file in 1 MiB
    blocks, so the client costs the same for a PUT and for PATCHes."""

    def __init__(self):
        self.connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=600)

    def request(self, method, path, headers, body=None, start=0, length=0):
        self.connection.putrequest(method, path, skip_accept_encoding=True)
        for name, value in headers.items():
            self.connection.putheader(name, value)
        self.connection.putheader("Content-Length", str(length))
        self.connection.endheaders()
        if body is not None:
            with open(body, "rb") as source:
                source.seek(start)
                left = length
                while left > 0:
                    block = source.read(min(MIB, left))
                    self.connection.send(block)
                    left -= len(block)
        response = self.connection.getresponse()
        response.read()
        return response

    def close(self):
        self.connection.close()


def create(client, key, size):
    metadata = "key " + base64.b64encode(key.encode()).decode()
    response = client.request("POST", "/uploads/", {**TUS, "Upload-Length": str(size), "Upload-Metadata": metadata})
    if response.status != 201:
        raise RuntimeError("create: %d" % response.status)
    return response.getheader("Location").replace(BASE, "")


def patch(client, location, offset, path, length):
    response = client.request("PATCH", location, {**TUS, "Content-Type": "application/offset+octet-stream",
                                                  "Upload-Offset": str(offset)}, path, offset, length)
    if response.status != 204:
        raise RuntimeError("PATCH at %d: %d" % (offset, response.status))
    return int(response.getheader("Upload-Offset"))


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

        client = Client()

        def put(n):
            def run():
                response = client.request("PUT", "/files/put-%d" % n, {}, body, 0, size)
                if response.status != 201:
                    raise RuntimeError("PUT: %d" % response.status)
            return run

        def one_patch(n):
            return lambda: patch(client, create(client, "tus-%d" % n, size), 0, body, size)

        def chunks(n):
            def run():
                location = create(client, "chunks-%d" % n, size)
                offset = 0
                while offset < size:
                    offset = patch(client, location, offset, body, min(args.chunk_mib * MIB, size - offset))
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
