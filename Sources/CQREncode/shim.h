// Debian's libqrencode-dev: the "微信扫一扫" QR code of an article's URL, drawn at build time.
#include <qrencode.h>
