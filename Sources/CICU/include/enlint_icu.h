#ifndef ENLINT_ICU_H
#define ENLINT_ICU_H

// A plain-C face over the system ICU. Only C types cross this header: ICU's own headers define
// types that clash with the copy of ICU inside Foundation, and ICU's versioned function names
// are macros Swift cannot import. ICU itself is loaded on first use. See Sources/CICU/enlint_icu.c.

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// What the functions below return (or put in `error`) when the system ICU cannot be loaded.
/// ICU is loaded on first use (see enlint_icu.c), so a machine without it still lints UTF-8.
#define ENLINT_ICU_UNAVAILABLE (-100000)

/// 1 once ICU is loaded (loading it on the first call), 0 when it cannot be.
int32_t enlint_icu_available(void);

/// The library that is loaded: "libicui18n.so.72" for ICU 72. For messages.
const char *enlint_icu_library_name(void);

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

/// A streaming conversion to UTF-8 (ucnv_convertEx with a pivot kept between calls), for
/// files too large to convert whole. Opaque to Swift.
typedef struct enlint_transcoder enlint_transcoder;

/// Opens a converter from charset `from`; NULL on failure, with the negated ICU error in `error`.
enlint_transcoder *enlint_transcoder_open(const char *from, int32_t *error);

/// Converts from `*source` up to `source_limit` into `*target` up to `target_limit`, advancing
/// both pointers. `flush` is non-zero with the last piece of input. Returns 0 when the source was
/// consumed, 1 when the target is full (call again with more room), or a negated ICU error.
int32_t enlint_transcoder_convert(enlint_transcoder *transcoder, const uint8_t **source,
                                  const uint8_t *source_limit, uint8_t **target,
                                  uint8_t *target_limit, int32_t flush);

void enlint_transcoder_close(enlint_transcoder *transcoder);

#ifdef __cplusplus
}
#endif

#endif
