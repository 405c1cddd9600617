// libdeflate (Debian: libdeflate-dev): whole-buffer raw deflate/inflate and CRC-32, several times
// zlib's speed, for zip entries held whole in memory. Streamed entries keep zlib (CZlib).
#include <libdeflate.h>
