// zlib (Debian: zlib1g-dev, pulled in by libzip-dev): raw deflate/inflate and crc32 for the parallel
// zip pipeline, where each entry is compressed on its own core and written in order.
#include <zlib.h>
