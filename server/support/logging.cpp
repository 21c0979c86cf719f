#include "support/logging.h"

namespace natter::server {
Q_LOGGING_CATEGORY(lcGateway, "natter.server.gateway", QtInfoMsg)
Q_LOGGING_CATEGORY(lcServices, "natter.server.services", QtInfoMsg)
Q_LOGGING_CATEGORY(lcStorage, "natter.server.storage", QtInfoMsg)
Q_LOGGING_CATEGORY(lcStall, "natter.server.stall", QtInfoMsg)

bool applyLogLevel(const QString &level)
{
    QString rules;
    if (level == QLatin1String("debug"))
        rules = QStringLiteral("natter.*=true");
    else if (level == QLatin1String("info"))
        rules = QStringLiteral("natter.*.debug=false\nnatter.*.info=true");
    else if (level == QLatin1String("warning"))
        rules = QStringLiteral("natter.*.debug=false\nnatter.*.info=false");
    else if (level == QLatin1String("error"))
        rules = QStringLiteral("natter.*.debug=false\nnatter.*.info=false\n"
                               "natter.*.warning=false");
    else
        return false;
    QLoggingCategory::setFilterRules(rules);
    return true;
}
} // namespace natter::server
