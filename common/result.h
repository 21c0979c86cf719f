#pragma once
/// A value or a typed protocol error: how every layer reports failure (no logging-and-continue).

#include "natter.pb.h"

#include <QString>
#include <optional>
#include <utility>

namespace natter {

struct Failure {
    proto::ErrorCode code = proto::INTERNAL;
    QString message;
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
    [[nodiscard]] const T &value() const & { return *m_value; }
    [[nodiscard]] T &value() & { return *m_value; }
    [[nodiscard]] T &&value() && { return std::move(*m_value); }
    [[nodiscard]] const Failure &failure() const { return m_failure; }

private:
    std::optional<T> m_value;
    Failure m_failure;
};

/// For operations that produce no value.
struct Done {};

} // namespace natter
