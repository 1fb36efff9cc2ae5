#pragma once

#include <sessionfile.h>

#include <QLabel>

// The strip above the charts once a run is over: PASS or FAIL with every threshold and its
// measured value, and what the figures cannot be trusted for (a dead server, a saturated side,
// late samples, a rate not delivered). Hidden while a run is live and when there is nothing to say.
class VerdictBanner : public QLabel
{
    Q_OBJECT
public:
    explicit VerdictBanner(QWidget *parent = nullptr);

    void showFor(const Session &session, bool live);
};
