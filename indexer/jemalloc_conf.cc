// SPDX-License-Identifier: MIT
// jemalloc's settings for newsdex-index (built in only when it links
// jemalloc), read by jemalloc as the process starts; MALLOC_CONF in the
// environment still overrides them.
//
// Freed pages go back to the system a second after they are freed instead
// of ten (jemalloc's default): the indexer frees a batch's postings at each
// commit, many megabytes at once, and ten seconds of them kept made the
// peak resident memory of a 100,000-article run 235 MiB instead of 173 MiB,
// for the same CPU time (bench/index.sh; returning pages at once instead
// costs a tenth more CPU in system calls).
#include <jemalloc/jemalloc.h>

const char* malloc_conf = "dirty_decay_ms:1000,muzzy_decay_ms:0";
