#include <epolleventdispatcher.h>

#include <QAbstractEventDispatcher>
#include <QElapsedTimer>
#include <QPointer>
#include <QRegularExpression>
#include <QSocketNotifier>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QThread>
#include <QTimer>

#include <sys/resource.h>
#include <sys/socket.h>
#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <memory>

class TestEpollEventDispatcher : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void crossThreadPostsRunInTheWorker();
    void timersFireOnTimeAndStop();
    void zeroTimersAndNestedPostsDoNotStall();
    void socketNotifiersCarryAnEcho();
    void aDescriptorClosedBehindItsNotifierDoesNotHideTheNextOne();
    void threadExitDeletesLater();
    void excludingSocketNotifiersStillSleeps();
    void directHandlersAreServedAndBatchesWait();
    void saysWhyItCannotStart();

private:
    // Runs fn in the worker thread and waits for it.
    void inWorker(const std::function<void()> &fn)
    {
        QMetaObject::invokeMethod(m_anchor, fn, Qt::BlockingQueuedConnection);
    }

    QThread *m_thread = nullptr;
    QObject *m_anchor = nullptr;
};

void TestEpollEventDispatcher::init()
{
    m_thread = new QThread;
    m_thread->setEventDispatcher(new EpollEventDispatcher);
    m_anchor = new QObject;
    m_anchor->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_anchor, &QObject::deleteLater);
    m_thread->start();
}

void TestEpollEventDispatcher::cleanup()
{
    m_thread->quit();
    QVERIFY(m_thread->wait(5000));
    delete m_thread;
}

void TestEpollEventDispatcher::crossThreadPostsRunInTheWorker()
{
    QThread *ranIn = nullptr;
    inWorker([&] { ranIn = QThread::currentThread(); });
    QCOMPARE(ranIn, m_thread);
    QVERIFY(qobject_cast<EpollEventDispatcher *>(m_thread->eventDispatcher()));
    // Many posts from another thread, none lost.
    std::atomic<int> count{0};
    for (int i = 0; i < 10000; ++i)
        QMetaObject::invokeMethod(m_anchor, [&count] { ++count; }, Qt::QueuedConnection);
    QTRY_COMPARE(count.load(), 10000);
}

void TestEpollEventDispatcher::timersFireOnTimeAndStop()
{
    std::atomic<qint64> singleShotMs{-1};
    std::atomic<int> ticks{0};
    QTimer *repeating = nullptr;
    inWorker([&] {
        auto *clock = new QElapsedTimer;
        clock->start();
        QTimer::singleShot(50, m_anchor, [&singleShotMs, clock] {
            singleShotMs = clock->elapsed();
            delete clock;
        });
        repeating = new QTimer(m_anchor);
        repeating->setTimerType(Qt::PreciseTimer);
        connect(repeating, &QTimer::timeout, repeating, [&ticks] { ++ticks; });
        repeating->start(20);
    });
    QTRY_VERIFY(singleShotMs.load() >= 0);
    QVERIFY2(singleShotMs >= 49 && singleShotMs < 1000, qPrintable(QString::number(singleShotMs)));
    QTRY_VERIFY(ticks.load() >= 5);
    int remaining = -2;
    inWorker([&] {
        remaining = repeating->remainingTime();
        repeating->stop();
    });
    QVERIFY(remaining >= 0 && remaining <= 20);
    const int stoppedAt = ticks.load();
    QTest::qWait(100);
    QCOMPARE(ticks.load(), stoppedAt);
}

void TestEpollEventDispatcher::zeroTimersAndNestedPostsDoNotStall()
{
    std::atomic<int> zeroTimerRuns{0};
    std::atomic<bool> nestedDone{false};
    inWorker([&] {
        auto *zero = new QTimer(m_anchor);
        zero->setInterval(0);
        connect(zero, &QTimer::timeout, zero, [zero, &zeroTimerRuns] {
            if (++zeroTimerRuns == 100)
                zero->stop();
        });
        zero->start();
        // A post made while posted events are being sent must still run without new input.
        QMetaObject::invokeMethod(m_anchor, [this, &nestedDone] {
            QMetaObject::invokeMethod(m_anchor, [&nestedDone] { nestedDone = true; }, Qt::QueuedConnection);
        }, Qt::QueuedConnection);
    });
    QTRY_COMPARE(zeroTimerRuns.load(), 100);
    QTRY_VERIFY(nestedDone.load());
}

void TestEpollEventDispatcher::socketNotifiersCarryAnEcho()
{
    quint16 port = 0;
    inWorker([&] {
        auto *server = new QTcpServer(m_anchor);
        server->listen(QHostAddress::LocalHost, 0);
        port = server->serverPort();
        connect(server, &QTcpServer::newConnection, server, [server] {
            while (QTcpSocket *s = server->nextPendingConnection())
                connect(s, &QTcpSocket::readyRead, s, [s] { s->write(s->readAll()); });
        });
    });
    // The client lives in the test thread (Qt's own dispatcher); 4 MiB forces many partial
    // reads and writes, so read and write notifiers switch on and off in the worker.
    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, port);
    QVERIFY(client.waitForConnected(5000));
    QByteArray payload(4 << 20, '\0');
    for (int i = 0; i < payload.size(); ++i)
        payload[i] = char(i * 7);
    client.write(payload);
    QByteArray echoed;
    QTRY_VERIFY_WITH_TIMEOUT((echoed += client.readAll()).size() >= payload.size(), 20000);
    QVERIFY(echoed == payload);
}

// A notifier whose descriptor is closed behind it (the kernel drops it from the epoll set) and a
// new socket on the same number: the new notifier must reach the kernel, not be taken for the old
// registration. Before, its reads were never reported (bench/scale's "silent" subscribers).
void TestEpollEventDispatcher::aDescriptorClosedBehindItsNotifierDoesNotHideTheNextOne()
{
    int first[2], second[2];
    QVERIFY(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, first) == 0);
    QVERIFY(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, second) == 0);
    const int reused = first[0];
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("closed while still watched")));
    QSocketNotifier *stale = nullptr;
    inWorker([&] { stale = new QSocketNotifier(reused, QSocketNotifier::Read, m_anchor); });
    QTest::qWait(50); // a pass puts it into the kernel's set
    std::atomic<int> activations{0};
    QSocketNotifier *fresh = nullptr;
    inWorker([&] {
        ::close(reused); // behind the notifier's back: the kernel forgets the registration
        QVERIFY(::dup2(second[0], reused) == reused); // the number, now another socket
        fresh = new QSocketNotifier(reused, QSocketNotifier::Read, m_anchor);
        connect(fresh, &QSocketNotifier::activated, fresh, [&activations, reused] {
            char byte;
            while (::read(reused, &byte, 1) == 1)
                ++activations;
        });
    });
    QVERIFY(::write(second[1], "x", 1) == 1);
    QTRY_COMPARE_WITH_TIMEOUT(activations.load(), 1, 2000);
    int lost = 0;
    inWorker([&] {
        delete stale; // not the number's notifier any more: must not take the fresh one out
        lost = qobject_cast<EpollEventDispatcher *>(QThread::currentThread()->eventDispatcher())->lostWatches();
    });
    QCOMPARE(lost, 1);
    QVERIFY(::write(second[1], "y", 1) == 1);
    QTRY_COMPARE_WITH_TIMEOUT(activations.load(), 2, 2000);
    inWorker([&] { delete fresh; });
    for (int fd : {reused, first[1], second[0], second[1]})
        ::close(fd);
}

void TestEpollEventDispatcher::threadExitDeletesLater()
{
    QPointer<QObject> doomed;
    inWorker([&] {
        doomed = new QObject;
        doomed->deleteLater();
    });
    QTRY_VERIFY(doomed.isNull());
}

// Regression (issue 12): with ExcludeSocketNotifiers the wake-up descriptor was never read and a
// ready socket never served, so every wait ended at once: a busy loop until the caller stopped
// excluding them. Now a waiting pass sleeps until the timer, and the socket's notifier stays quiet.
void TestEpollEventDispatcher::excludingSocketNotifiersStillSleeps()
{
    int passes = 0;
    bool notified = false;
    inWorker([&] {
        QAbstractEventDispatcher *dispatcher = m_thread->eventDispatcher();
        int pipeFds[2];
        if (pipe(pipeFds) != 0 || write(pipeFds[1], "x", 1) != 1) // readable from now on
            return;
        auto readable = std::make_unique<QSocketNotifier>(pipeFds[0], QSocketNotifier::Read);
        connect(readable.get(), &QSocketNotifier::activated, readable.get(), [&notified] { notified = true; });
        dispatcher->wakeUp(); // as a post from another thread leaves it
        bool fired = false;
        QTimer::singleShot(100, readable.get(), [&fired] { fired = true; });
        while (!fired && passes < 1000) {
            dispatcher->processEvents(QEventLoop::ExcludeSocketNotifiers | QEventLoop::WaitForMoreEvents);
            ++passes;
        }
        readable.reset(); // before its descriptor closes, as Qt's sockets do
        close(pipeFds[0]);
        close(pipeFds[1]);
    });
    // One pass for the wake-up, one that sleeps until the timer; a few more if a signal interrupts.
    QVERIFY(passes > 0);
    QVERIFY2(passes <= 5, qPrintable(QStringLiteral("%1 passes before a 100 ms timer").arg(passes)));
    QVERIFY(!notified);
}

// Regression (issue 12): epoll_create1() and eventfd() failures went unchecked.
namespace {

// Two pipes in the dispatcher's own set under direct keys; records the pass each key came in.
struct PipeReader : EpollEventDispatcher::DirectHandler
{
    int pipes[2][2] = {{-1, -1}, {-1, -1}};
    std::atomic<int> pass{0};
    std::atomic<int> passOf[2] = {{-1}, {-1}};

    void socketReady(quint64 key, quint32) override
    {
        char byte;
        [[maybe_unused]] const ssize_t got = read(pipes[key][0], &byte, 1);
        passOf[key] = pass.load();
    }
};

} // namespace

void TestEpollEventDispatcher::directHandlersAreServedAndBatchesWait()
{
    PipeReader reader;
    EpollEventDispatcher *dispatcher = nullptr;
    inWorker([&] {
        dispatcher = qobject_cast<EpollEventDispatcher *>(QAbstractEventDispatcher::instance());
        connect(dispatcher, &QAbstractEventDispatcher::awake, m_anchor, [&reader] { ++reader.pass; });
        const int id = dispatcher->addDirectHandler(&reader);
        for (quint64 key = 0; key < 2; ++key) {
            QVERIFY(pipe2(reader.pipes[key], O_NONBLOCK | O_CLOEXEC) == 0);
            epoll_event event{};
            event.events = EPOLLIN;
            event.data.u64 = EpollEventDispatcher::directKey(id, key);
            QVERIFY(epoll_ctl(dispatcher->epollDescriptor(), EPOLL_CTL_ADD, reader.pipes[key][0], &event) == 0);
        }
    });
    QVERIFY(dispatcher);
    QVERIFY(write(reader.pipes[0][1], "a", 1) == 1);
    QTRY_VERIFY(reader.passOf[0] >= 0);
    QCOMPARE(reader.passOf[1].load(), -1);

    // With a batch delay, the wait after that small pass first holds: two writes 50 ms apart are
    // served in one pass (without it they come one pass each).
    inWorker([&] { dispatcher->setBatchDelay(1'000'000); });
    QVERIFY(write(reader.pipes[0][1], "a", 1) == 1);
    QThread::msleep(50);
    QVERIFY(write(reader.pipes[1][1], "b", 1) == 1);
    QTRY_VERIFY_WITH_TIMEOUT(reader.passOf[1] >= 0, 5000);
    QCOMPARE(reader.passOf[0].load(), reader.passOf[1].load());
    inWorker([&] {
        dispatcher->setBatchDelay(0);
        for (auto &p : reader.pipes) {
            epoll_ctl(dispatcher->epollDescriptor(), EPOLL_CTL_DEL, p[0], nullptr);
            close(p[0]);
            close(p[1]);
        }
    });
}

void TestEpollEventDispatcher::saysWhyItCannotStart()
{
    rlimit saved{};
    QCOMPARE(getrlimit(RLIMIT_NOFILE, &saved), 0);
    const int lowestFree = open("/dev/null", O_RDONLY);
    QVERIFY(lowestFree >= 0);
    close(lowestFree);
    rlimit none = saved;
    none.rlim_cur = rlim_t(lowestFree); // no new descriptor from here on
    QCOMPARE(setrlimit(RLIMIT_NOFILE, &none), 0);
    EpollEventDispatcher dispatcher;
    setrlimit(RLIMIT_NOFILE, &saved);
    QVERIFY(!dispatcher.isValid());
    QVERIFY2(dispatcher.errorString().startsWith(QLatin1String("epoll_create1: ")), qPrintable(dispatcher.errorString()));
}

QTEST_GUILESS_MAIN(TestEpollEventDispatcher)
#include "tst_epolleventdispatcher.moc"
