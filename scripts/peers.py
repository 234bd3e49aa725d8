#!/usr/bin/env python3
"""Peer tools on the work splicecheck does, for scripts/bench.sh.

Reads the same corpus as `splicecheck audit` (every *.txt file, grouped by
the folder it is in) and times one peer on it:

  difflib DIR   Python difflib.SequenceMatcher on word tokens: every copy
                aligned with every other copy of its folder (each pair once).
  gitdiff DIR   `git diff --no-index --word-diff` on the same pairs.
  minhash DIR   datasketch MinHash LSH over word 5-gram shingles: the
                grouping step (insert every document, query every document).

Each mode stops after --limit seconds. The folders (or documents) are taken
in a fixed shuffled order, so a time-limited run is a sample; its rate is
extrapolated to the whole corpus and the output says so. Output: one JSON
object on stdout.
"""

import argparse
import json
import os
import random
import re
import subprocess
import sys
import time
from difflib import SequenceMatcher

TOKEN = re.compile(r"\w+(?:['\u2019]\w+)*|[^\w\s]", re.UNICODE)


def corpus(root):
    """Folders of *.txt files: {folder: [path, ...]}, sorted."""
    folders = {}
    for dirpath, _, files in os.walk(root):
        txt = sorted(f for f in files if f.endswith(".txt"))
        if txt:
            folders[dirpath] = [os.path.join(dirpath, f) for f in txt]
    return dict(sorted(folders.items()))


def read(path):
    with open(path, "rb") as f:
        return f.read()


def words(data):
    return [t.lower() for t in TOKEN.findall(data.decode("utf-8", "replace"))]


def totals(folders):
    paths = [p for ps in folders.values() for p in ps]
    size = sum(os.path.getsize(p) for p in paths)
    pairs = sum(len(ps) * (len(ps) - 1) // 2 for ps in folders.values())
    return len(paths), size, pairs


def report(mode, folders, done_docs, done_bytes, done_pairs, seconds, complete):
    docs, size, pairs = totals(folders)
    scale = 1.0 if complete else (size / done_bytes if done_bytes else float("inf"))
    whole = seconds * scale
    return {
        "peer": mode,
        "documents": docs,
        "bytes": size,
        "pairs": pairs,
        "measured_documents": done_docs,
        "measured_bytes": done_bytes,
        "measured_pairs": done_pairs,
        "measured_seconds": round(seconds, 3),
        "extrapolated": not complete,
        "seconds": round(whole, 3),
        "mb_per_s": round(size / 1e6 / whole, 3) if whole else None,
        "docs_per_s": round(docs / whole, 1) if whole else None,
    }


def run_pairs(folders, limit, align_pair):
    order = list(folders)
    random.Random(1).shuffle(order)
    done_docs = done_bytes = done_pairs = 0
    started = time.perf_counter()
    complete = True
    for folder in order:
        if time.perf_counter() - started > limit:
            complete = False
            break
        paths = folders[folder]
        done_pairs += align_pair(paths)
        done_docs += len(paths)
        done_bytes += sum(os.path.getsize(p) for p in paths)
    return done_docs, done_bytes, done_pairs, time.perf_counter() - started, complete


def difflib_folder(paths):
    # Reading and tokenising are part of the work, as they are for splicecheck.
    tokens = [words(read(p)) for p in paths]
    n = 0
    for i in range(len(tokens)):
        for j in range(i + 1, len(tokens)):
            SequenceMatcher(None, tokens[i], tokens[j], autojunk=False).get_matching_blocks()
            n += 1
    return n


def gitdiff_folder(paths):
    n = 0
    for i in range(len(paths)):
        for j in range(i + 1, len(paths)):
            subprocess.run(
                ["git", "diff", "--no-index", "--word-diff", "--no-color", paths[i], paths[j]],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                check=False,
            )
            n += 1
    return n


def minhash(folders, limit):
    from datasketch import MinHash, MinHashLSH

    paths = [p for ps in folders.values() for p in ps]
    random.Random(1).shuffle(paths)
    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    sketches = []
    done_bytes = 0
    started = time.perf_counter()
    complete = True
    for k, path in enumerate(paths):
        if time.perf_counter() - started > limit:
            complete = False
            break
        data = read(path)
        w = [t for t in words(data) if t[0].isalnum()]
        shingles = {" ".join(w[i : i + 5]).encode() for i in range(max(0, len(w) - 4))}
        m = MinHash(num_perm=128)
        m.update_batch(list(shingles))
        lsh.insert(str(k), m)
        sketches.append(m)
        done_bytes += len(data)
    candidates = sum(len(lsh.query(m)) for m in sketches)
    seconds = time.perf_counter() - started
    out = report("datasketch MinHash LSH", folders, len(sketches), done_bytes, 0, seconds, complete)
    out["candidate_pairs"] = candidates
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("mode", choices=["difflib", "gitdiff", "minhash"])
    ap.add_argument("dir")
    ap.add_argument("--limit", type=float, default=60.0, help="seconds before sampling stops")
    args = ap.parse_args()
    folders = corpus(args.dir)
    if args.mode == "minhash":
        out = minhash(folders, args.limit)
    else:
        align_pair = difflib_folder if args.mode == "difflib" else gitdiff_folder
        name = "difflib SequenceMatcher" if args.mode == "difflib" else "git diff --word-diff"
        out = report(name, folders, *run_pairs(folders, args.limit, align_pair))
    json.dump(out, sys.stdout)
    print()


if __name__ == "__main__":
    main()
