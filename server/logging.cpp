#include "logging.h"

Q_LOGGING_CATEGORY(lcServer, "socketscope.server", QtWarningMsg)
Q_LOGGING_CATEGORY(lcConnection, "socketscope.server.connection", QtWarningMsg)
Q_LOGGING_CATEGORY(lcUpgrade, "socketscope.server.upgrade", QtWarningMsg)
Q_LOGGING_CATEGORY(lcGuard, "socketscope.server.guard", QtWarningMsg)
Q_LOGGING_CATEGORY(lcHeartbeat, "socketscope.server.heartbeat", QtWarningMsg)
Q_LOGGING_CATEGORY(lcFanout, "socketscope.server.fanout", QtWarningMsg)
