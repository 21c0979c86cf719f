#pragma once
/// A value or a typed protocol error: how every layer reports failure (no logging-and-continue).

#include "natter.pb.h"

#include <QString>
#include <QtGlobal>
#include <optional>
#include <utility>

namespace natter {

struct Failure {
    proto::ErrorCode code = proto::INTERNAL;
    QString message;
    quint32 retryAfterMs = 0; // RATE_LIMITED, SERVER_BUSY: when a retry can succeed
};

template <typename T> class [[nodiscard]] Result {
public:
    Result(T value)
        : m_value(std::move(value))
    {}
    Result(Failure failure)
        : m_failure(std::move(failure))
    {}
    Result(proto::ErrorCode code, QString message)
        : m_failure(Failure{code, std::move(message)})
    {}

    [[nodiscard]] bool ok() const { return m_value.has_value(); }
    // Reading the value of a failure is a bug: it asserts in debug builds (and so in tests).
    [[nodiscard]] const T &value() const &
    {
        Q_ASSERT_X(ok(), "Result::value", qPrintable(m_failure.message));
        return *m_value;
    }
    [[nodiscard]] T &value() &
    {
        Q_ASSERT_X(ok(), "Result::value", qPrintable(m_failure.message));
        return *m_value;
    }
    [[nodiscard]] T &&value() &&
    {
        Q_ASSERT_X(ok(), "Result::value", qPrintable(m_failure.message));
        return std::move(*m_value);
    }
    [[nodiscard]] const Failure &failure() const { return m_failure; }

private:
    std::optional<T> m_value;
    Failure m_failure;
};

/// For operations that produce no value.
struct Done {};

} // namespace natter
