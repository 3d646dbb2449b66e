"""The same page cache for every server's files before a download benchmark.

How a file's pages came into the page cache (the writes that made it, or readahead)
changes what sendfile costs per byte (likely the size of the folios it hands on; not
checked): measured here, the same server sent 16 x 64 MiB at 0.74x to 0.87x WebFlux's
rate and 1.1 to 1.4x its CPU per GiB from a file written by `head -c`, and at 1.01x to
1.11x from one read back after a drop. Servers whose files were written by different
paths (each its own upload, or a copy against a link) are compared fairly only after
the cache is dropped and every file read back once.
"""

import os
import subprocess

READ_CHUNK = 8 * 1024 * 1024


def same_page_cache(directories, log):
    """Drop the page cache, then read every regular file under the directories once. Needs root
    (/proc/sys/vm/drop_caches); otherwise says so and leaves the caches as they are.
    Returns whether the cache was dropped."""
    subprocess.run(["sync"], check=False)
    try:
        with open("/proc/sys/vm/drop_caches", "w") as drop:
            drop.write("3\n")
    except OSError as ex:
        log("page cache not dropped (%s): the servers' files keep the pages they were written with" % ex)
        return False
    for directory in directories:
        for root, _, names in os.walk(directory):
            for name in names:
                path = os.path.join(root, name)
                if os.path.isfile(path) and not os.path.islink(path):
                    with open(path, "rb") as file:
                        while file.read(READ_CHUNK):
                            pass
    log("page cache dropped, every server's files read back once")
    return True
