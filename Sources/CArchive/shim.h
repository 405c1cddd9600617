// libarchive (Debian: libarchive-dev), read and write.
#include <archive.h>
#include <archive_entry.h>
