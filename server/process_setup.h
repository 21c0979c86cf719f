#pragma once
/// Process-wide settings natterd makes once at start, before any thread or file exists.

#include <QtGlobal>

namespace natter::server {

/// Files and folders natterd creates are readable by its own user only (umask 077): the data
/// dir holds password hashes, session token hashes, e-mail addresses and every message.
void restrictNewFilesToOwner();

/// glibc gives freed memory back to the kernel as soon as 128 KiB lie free at the top of a
/// thread's heap, and every shard transaction frees and allocates that much again: each
/// return unmapped pages (TLB shootdowns on every core) and the next allocation faulted them
/// back in (docs/performance.md). natterd keeps up to 64 MiB free per heap instead, and
/// serves blocks below 4 MiB (upload chunks, frames) from the heap rather than from a mapping
/// of their own each (setting one threshold stops glibc from raising the other by itself).
/// Thresholds the admin sets (GLIBC_TUNABLES, MALLOC_TRIM_THRESHOLD_, MALLOC_MMAP_THRESHOLD_)
/// take precedence.
void keepFreedMemoryForReuse();

/// Raises the soft limit on open descriptors to the hard limit (each connection holds one);
/// returns the limit now in force.
qint64 raiseDescriptorLimit();

/// libprotobuf writes its own warnings (e.g. a string field that is not UTF-8) straight to
/// stderr, one line per malformed frame. This sends them through natterd's logging instead,
/// at most a few per minute, with a count of what was left out.
void routeProtobufLogs();

} // namespace natter::server
