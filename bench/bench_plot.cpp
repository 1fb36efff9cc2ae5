// Draws bench/run's echo results as one PNG: messages per server CPU-second, per cell and server.
// Usage: bench_plot results.csv out.png   (CSV: cell,server,per_cpu_s; written by bench/run)
#include <pngfile.h>

#include <QApplication>
#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QFile>
#include <QMap>
#include <QValueAxis>

#include <cstdio>

int main(int argc, char *argv[])
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    if (argc != 3) {
        std::fprintf(stderr, "usage: bench_plot results.csv out.png\n");
        return 2;
    }
    QFile csv(QString::fromLocal8Bit(argv[1]));
    if (!csv.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "bench_plot: cannot read %s\n", argv[1]);
        return 1;
    }
    QStringList cells;
    QMap<QString, QMap<QString, double>> byServer; // server -> cell -> value
    QStringList servers;
    while (!csv.atEnd()) {
        const QStringList f = QString::fromUtf8(csv.readLine()).trimmed().split(QLatin1Char(','));
        if (f.size() != 3)
            continue;
        if (!cells.contains(f[0]))
            cells << f[0];
        if (!servers.contains(f[1]))
            servers << f[1];
        byServer[f[1]][f[0]] = f[2].toDouble() / 1000.0;
    }
    auto *series = new QBarSeries;
    for (const QString &server : servers) {
        auto *set = new QBarSet(server);
        for (const QString &cell : cells)
            *set << byServer[server].value(cell);
        series->append(set);
    }
    auto *chart = new QChart;
    chart->setTitle(QStringLiteral("Echo: thousands of messages per server CPU-second (higher is better)"));
    chart->addSeries(series);
    auto *x = new QBarCategoryAxis;
    x->append(cells);
    chart->addAxis(x, Qt::AlignBottom);
    series->attachAxis(x);
    auto *y = new QValueAxis;
    y->setTitleText(QStringLiteral("k msg per CPU-s"));
    y->setLabelFormat(QStringLiteral("%.0f"));
    chart->addAxis(y, Qt::AlignLeft);
    series->attachAxis(y);
    y->applyNiceNumbers();
    chart->legend()->setAlignment(Qt::AlignBottom);
    QChartView view(chart);
    view.setRenderHint(QPainter::Antialiasing);
    view.resize(1400, 620);
    QString error;
    if (!savePng(view.grab(), QString::fromLocal8Bit(argv[2]), &error)) {
        std::fprintf(stderr, "bench_plot: %s\n", qPrintable(error));
        return 1;
    }
    return 0;
}
