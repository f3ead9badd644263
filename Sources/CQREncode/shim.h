// Debian's libqrencode-dev: the "微信扫一扫" QR code of an article's URL, drawn at build time.
#include <qrencode.h>
#include <string.h>

// libqrencode's encoder with a chosen mask pattern. Choosing one of the eight by evaluating
// each (what QRcode_encodeString does) was three quarters of a code's cost, and a reader's phone
// reads any of them. The function is exported by Debian's build of the library but is not in its
// header (libqrencode's tests use it), so it is declared weak here: where a build of the library
// lacks it, the pointer is null and the code is made the documented way.
extern QRcode *QRcode_encodeMask(QRinput *input, int mask) __attribute__((weak));

static inline QRcode *shegong_qrcode_encode(const char *text, QRecLevel level, int mask) {
    if (!QRcode_encodeMask) return QRcode_encodeString(text, 0, level, QR_MODE_8, 1);
    QRinput *input = QRinput_new2(0, level);
    if (!input) return NULL;
    if (QRinput_append(input, QR_MODE_8, (int)strlen(text), (const unsigned char *)text) != 0) {
        QRinput_free(input);
        return NULL;
    }
    QRcode *code = QRcode_encodeMask(input, mask);
    QRinput_free(input);
    return code;
}
