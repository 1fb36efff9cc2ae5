#pragma once

#include <QtGlobal>

#include <cstring>

// RFC 3629 well-formedness of text (no overlongs, no surrogates, nothing past U+10FFFF), as RFC 6455
// 8.1 wants for text messages and close reasons. ASCII runs are skipped eight bytes at a time: most
// load traffic is ASCII and this runs on every text message received.
inline bool isValidUtf8(const char *data, qsizetype size)
{
    const auto *p = reinterpret_cast<const unsigned char *>(data);
    const unsigned char *const end = p + size;
    while (p < end) {
        while (end - p >= 8) {
            quint64 word;
            std::memcpy(&word, p, 8);
            if (word & 0x8080808080808080ULL)
                break;
            p += 8;
        }
        if (p == end)
            break;
        const unsigned char lead = *p;
        if (lead < 0x80) {
            ++p;
            continue;
        }
        int continuation = 0;
        unsigned char low = 0x80, high = 0xbf; // allowed range of the second byte
        if (lead >= 0xc2 && lead <= 0xdf) {
            continuation = 1;
        } else if (lead >= 0xe0 && lead <= 0xef) {
            continuation = 2;
            low = lead == 0xe0 ? 0xa0 : 0x80; // no overlongs
            high = lead == 0xed ? 0x9f : 0xbf; // no surrogates
        } else if (lead >= 0xf0 && lead <= 0xf4) {
            continuation = 3;
            low = lead == 0xf0 ? 0x90 : 0x80;
            high = lead == 0xf4 ? 0x8f : 0xbf; // nothing past U+10FFFF
        } else {
            return false;
        }
        if (end - p <= continuation || p[1] < low || p[1] > high)
            return false;
        for (int i = 2; i <= continuation; ++i) {
            if ((p[i] & 0xc0) != 0x80)
                return false;
        }
        p += continuation + 1;
    }
    return true;
}
