"""Warm a server up until its JIT compiler is quiet, before measuring it.

A Spring Boot service compiles its request path for tens of rounds of a test; a server
measured meanwhile pays for warm-up that a long-running server does not (measured here:
the service's JIT at a median 19% of its CPU in downloads measured after one discarded
round). So the benchmarks discard rounds until the compiler threads' share of the
server's CPU stays low.
"""


def until_quiet(step, least, most, quiet_share):
    """Run step() (which returns the server's CPU seconds and its JIT compiler threads' CPU
    seconds during it) until the compiler's share was under quiet_share in two steps in a
    row, at least `least` and at most `most` times. Returns how many steps ran."""
    quiet = 0
    for count in range(1, most + 1):
        spent, jit_spent = step()
        quiet = quiet + 1 if spent > 0 and jit_spent / spent < quiet_share else 0
        if count >= least and quiet >= 2:
            return count
    return most
