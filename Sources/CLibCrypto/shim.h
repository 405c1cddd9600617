// OpenSSL's libcrypto (Debian: libssl-dev): AES-256, SHA-1, PBKDF2 and random salts for WinZip AES
// entries, encrypted on every core by the zip writer.
#include <openssl/evp.h>
#include <openssl/rand.h>
