"""A web worker's allocator settings (gunicorn.conf.py's post_fork; bench/memory.py too).

glibc serves an allocation of 128 KB or more from a mapping of its own, returned to the
system when freed, but raises that threshold to the size of each such block freed (up to
32 MB): after the first large answer (a streamed export's 200 KB pieces, a calendar, their
compressed copies) every later one comes from the heap, whose freed middle glibc keeps. Fixing
the thresholds at glibc's defaults keeps those buffers out of the heap: 3-4 MB less resident
after the benchmark's mix (bench/memory.py), the same CPU.
"""

import ctypes

# glibc's mallopt parameters (malloc.h) and its defaults, fixed.
M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
MMAP_BYTES = 128 * 1024
TRIM_BYTES = 2 * MMAP_BYTES


def fix_malloc_thresholds() -> bool:
    """Whether glibc took the fixed thresholds (False on another C library: left alone)."""
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    return bool(mallopt(M_MMAP_THRESHOLD, MMAP_BYTES)) and bool(
        mallopt(M_TRIM_THRESHOLD, TRIM_BYTES)
    )
