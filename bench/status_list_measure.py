# SPDX-License-Identifier: Apache-2.0
# Runs a command with its stdout on a pipe (not a terminal) and prints, on one line:
#   <ms to the first line> <ms to the end> <lines> <peak RSS in KiB>
# the peak RSS being the command's own (wait4), the way GNU time reports %M.
# Usage: python3 bench/status_list_measure.py COMMAND [ARG...]
import os
import subprocess
import sys
import time

start = time.monotonic()
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE, bufsize=1 << 16)
first = None
lines = 0
for line in child.stdout:
    if first is None:
        first = time.monotonic()
    lines += 1
end = time.monotonic()
_, status, usage = os.wait4(child.pid, 0)
if os.waitstatus_to_exitcode(status) != 0:
    sys.exit(f"status_list_measure: {sys.argv[1:]} failed with {os.waitstatus_to_exitcode(status)}")
first = end if first is None else first
print(f"{(first - start) * 1000:.1f} {(end - start) * 1000:.1f} {lines} {usage.ru_maxrss}")
