#!/usr/bin/python3
"""Runs a command and reports the peak of the summed resident memory of it and all its descendants.

    tree_peak.py OUT CMD [ARG...]

GNU time's %M is the peak of one process; a command with worker processes (depomap convert -j N)
or a shell loop of tools needs the sum over the process tree at each moment. /proc is sampled every
50 ms; written to OUT: "SUM_MIB MAX_MIB CPU_S", the peak sum, the peak of the largest single
process, and the CPU seconds (user + system) of the command and every descendant it waited for
(this sampler's own time left out). Exit status: the command's.
"""
import os
import subprocess
import sys
import time


def tree_rss_kib(root):
    parent = {}
    rss = {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/stat") as f:
                stat = f.read()
            with open(f"/proc/{pid}/statm") as f:
                pages = int(f.read().split()[1])
        except OSError:
            continue
        # The command name may hold spaces or parentheses: the fields after the last ')'.
        fields = stat[stat.rfind(")") + 2:].split()
        parent[int(pid)] = int(fields[1])
        rss[int(pid)] = pages * (os.sysconf("SC_PAGE_SIZE") // 1024)
    total = largest = 0
    for pid, kib in rss.items():
        p = pid
        while p > 1 and p != root:
            p = parent.get(p, 0)
        if p == root:
            total += kib
            largest = max(largest, kib)
    return total, largest


def main():
    out, cmd = sys.argv[1], sys.argv[2:]
    child = subprocess.Popen(cmd)
    peak_sum = peak_max = 0
    while True:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid == child.pid:
            break
        total, largest = tree_rss_kib(child.pid)
        peak_sum, peak_max = max(peak_sum, total), max(peak_max, largest)
        time.sleep(0.05)
    with open(out, "w") as f:
        f.write(f"{peak_sum / 1024:.1f} {peak_max / 1024:.1f} {usage.ru_utime + usage.ru_stime:.2f}\n")
    sys.exit(os.waitstatus_to_exitcode(status))


if __name__ == "__main__":
    main()
