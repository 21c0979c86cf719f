#pragma once
/// Debug-build checks that an object made for one thread is used only from it (as Mumble's
/// database wrapper does); release builds compile the checks away. A QObject is checked
/// against its own thread(); anything else holds a ThreadAffinity.

#include <QObject>
#include <QThread>

namespace natter {

class ThreadAffinity {
public:
    /// Bound to the thread that constructs it.
    ThreadAffinity() = default;
    /// From now on bound to the calling thread (an object handed over before first use).
    void rebindToCurrentThread() { m_thread = QThread::currentThread(); }
    [[nodiscard]] bool isCurrent() const { return QThread::currentThread() == m_thread; }

private:
    QThread *m_thread = QThread::currentThread();
};

[[nodiscard]] inline bool onThreadOf(const QObject *object)
{
    return QThread::currentThread() == object->thread();
}

} // namespace natter

/// In a member function of a class with a ThreadAffinity member `affinity`.
#define NATTER_ASSERT_AFFINITY(affinity)                                                           \
    Q_ASSERT_X((affinity).isCurrent(), Q_FUNC_INFO, "used from a thread it does not belong to")
/// In a member function of a QObject: the caller runs on the object's thread.
#define NATTER_ASSERT_OWN_THREAD()                                                                 \
    Q_ASSERT_X(natter::onThreadOf(this), Q_FUNC_INFO, "used from a thread it does not live on")
