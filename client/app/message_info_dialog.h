#pragma once

#include "local_cache.h"

#include <QDialog>

namespace natter::app {

/// "Message info": for one own message, every other member and how far it got to them —
/// read (with the time their read cursor passed it), delivered, or not yet.
class MessageInfoDialog : public QDialog {
    Q_OBJECT
public:
    MessageInfoDialog(const QList<client::MemberRow> &others, quint64 seq,
                      QWidget *parent = nullptr);
};

} // namespace natter::app
