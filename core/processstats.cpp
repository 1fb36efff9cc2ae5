#include "processstats.h"

#include <QByteArray>
#include <QFile>

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {

QByteArray procPath(qint64 pid, const char *leaf)
{
    return (pid == 0 ? QByteArray("/proc/self/") : "/proc/" + QByteArray::number(pid) + '/') + leaf;
}

int countOpenFds(qint64 pid)
{
    // Linux 6.2 and later report the count as the size of the fd directory: one stat() instead of
    // listing every entry each second (at 19,000 connections that listing was 6 % of a core at rest).
    const QByteArray path = procPath(pid, "fd");
    struct stat info;
    if (stat(path.constData(), &info) == 0 && info.st_size > 0)
        return int(info.st_size);
    DIR *dir = opendir(path.constData());
    if (!dir)
        return 0;
    int count = 0;
    while (dirent *entry = readdir(dir)) {
        if (entry->d_name[0] != '.')
            ++count;
    }
    closedir(dir);
    // When reading our own table, the descriptor opendir() holds is in it.
    return pid == 0 ? count - 1 : count;
}

} // namespace

ProcessStatsReader::ProcessStatsReader(qint64 pid)
    : m_pid(pid)
{
}

ProcessSnapshot ProcessStatsReader::read()
{
    ProcessSnapshot snap;
    QFile statFile(QString::fromLatin1(procPath(m_pid, "stat")));
    if (!statFile.open(QIODevice::ReadOnly))
        return snap;
    const QByteArray stat = statFile.readAll();
    // The command name may hold spaces and ')': the fields we want follow the last ')'.
    const int nameEnd = stat.lastIndexOf(')');
    if (nameEnd < 0)
        return snap;
    const QList<QByteArray> fields = stat.mid(nameEnd + 2).split(' ');
    // Indexes below are the stat(5) field numbers minus 3 (pid and comm come before).
    if (fields.size() < 22)
        return snap;
    static const double ticksPerSecond = double(sysconf(_SC_CLK_TCK));
    static const qint64 pageSize = sysconf(_SC_PAGESIZE);
    snap.cpuSeconds = (fields[11].toDouble() + fields[12].toDouble()) / ticksPerSecond;
    snap.threads = fields[17].toInt();
    snap.rssBytes = fields[21].toLongLong() * pageSize;
    snap.openFds = countOpenFds(m_pid);
    snap.valid = true;

    if (m_lastCpuSeconds >= 0 && m_sinceLastRead.isValid()) {
        // CPU times move in 10 ms ticks: over a few ms one tick reads as hundreds of percent (a
        // run's last sample follows the previous one at once). Too soon: the last figure stands.
        const double wallSeconds = m_sinceLastRead.nsecsElapsed() / 1e9;
        if (wallSeconds < 0.25) {
            snap.cpuPercent = m_lastCpuPercent;
            return snap;
        }
        snap.cpuPercent = 100.0 * (snap.cpuSeconds - m_lastCpuSeconds) / wallSeconds;
    }
    m_lastCpuSeconds = snap.cpuSeconds;
    m_lastCpuPercent = snap.cpuPercent;
    m_sinceLastRead.start();
    return snap;
}
