// libzip (Debian: libzip-dev): zip writing, ZIP64 and AES-256 encryption.
#include <zip.h>
