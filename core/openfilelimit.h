#pragma once

#include <sys/resource.h>

// Every connection is a file descriptor, and many systems start processes with a soft limit of
// 1,024 under a much higher hard one. Raising the soft limit to the hard one needs no privilege.
// Returns the limit now in force (0 if it cannot be read).
inline rlim_t raiseOpenFileLimit()
{
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return 0;
    if (limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
        getrlimit(RLIMIT_NOFILE, &limit);
    }
    return limit.rlim_cur;
}
