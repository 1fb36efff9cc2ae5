#include "logging.h"

Q_LOGGING_CATEGORY(lcServer, "socketscope.server", QtWarningMsg)
