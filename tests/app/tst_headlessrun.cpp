#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

class TestHeadlessRun : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void failedSaveSaysWhy();
};

// Regression (issue 12): when the session could not be saved the headless console printed an
// empty error line after the real one; now it prints the reason once, and exits 1.
void TestHeadlessRun::failedSaveSaysWhy()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString notADirectory = dir.filePath(QStringLiteral("file"));
    QFile file(notADirectory);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    QProcess console;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    console.setProcessEnvironment(env);
    console.start(QStringLiteral(CONSOLE_BINARY), {QStringLiteral("--headless"), QStringLiteral("--duration"), QStringLiteral("2"),
                                                   QStringLiteral("--out-dir"), notADirectory + QStringLiteral("/runs")});
    QVERIFY(console.waitForFinished(90000));
    const QString err = QString::fromLocal8Bit(console.readAllStandardError());
    QCOMPARE(console.exitCode(), 1);
    const QStringList lines = err.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QVERIFY2(!lines.contains(QLatin1String("socketscope: ")), qPrintable(err));
    QVERIFY2(lines.last().startsWith(QLatin1String("socketscope: cannot write ")) && lines.last().contains(notADirectory), qPrintable(err));
}

QTEST_GUILESS_MAIN(TestHeadlessRun)
#include "tst_headlessrun.moc"
