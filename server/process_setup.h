#pragma once
/// Process-wide settings natterd makes once at start, before any thread or file exists.

#include <QtGlobal>

namespace natter::server {

/// Files and folders natterd creates are readable by its own user only (umask 077): the data
/// dir holds password hashes, session token hashes, e-mail addresses and every message.
void restrictNewFilesToOwner();

/// Raises the soft limit on open descriptors to the hard limit (each connection holds one);
/// returns the limit now in force.
qint64 raiseDescriptorLimit();

/// libprotobuf writes its own warnings (e.g. a string field that is not UTF-8) straight to
/// stderr, one line per malformed frame. This sends them through natterd's logging instead,
/// at most a few per minute, with a count of what was left out.
void routeProtobufLogs();

} // namespace natter::server
