#ifndef ENLINT_ICU_H
#define ENLINT_ICU_H

// A plain-C face over the system ICU. Only C types cross this header: ICU's own headers define
// types that clash with the copy of ICU inside Foundation, and ICU's versioned function names
// are macros Swift cannot import. See Sources/CICU/enlint_icu.c.

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Detects the charset of `bytes` with ICU's ucsdet. Writes a NUL-terminated charset name into
/// `name` (at most `name_capacity` bytes) and its confidence (0-100) into `confidence`.
/// Returns 0 on success, a negative ICU error code otherwise (no match counts as an error).
int32_t enlint_detect_charset(const uint8_t *bytes, int32_t length,
                              char *name, int32_t name_capacity, int32_t *confidence);

/// Converts `source` from charset `from` to UTF-8 into `target` (capacity `target_capacity`).
/// Returns the number of bytes written, or a negative value on error (-1: buffer too small,
/// other: negated ICU error code). Whole-buffer conversion; callers stream by records.
int32_t enlint_convert_to_utf8(const char *from, const uint8_t *source, int32_t source_length,
                               uint8_t *target, int32_t target_capacity);

#ifdef __cplusplus
}
#endif

#endif
