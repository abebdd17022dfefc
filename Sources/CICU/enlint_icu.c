#include "enlint_icu.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>

int32_t enlint_detect_charset(const uint8_t *bytes, int32_t length,
                              char *name, int32_t name_capacity, int32_t *confidence) {
    UErrorCode status = U_ZERO_ERROR;
    UCharsetDetector *detector = ucsdet_open(&status);
    if (U_FAILURE(status)) return -(int32_t)status;
    ucsdet_setText(detector, (const char *)bytes, length, &status);
    const UCharsetMatch *match = U_SUCCESS(status) ? ucsdet_detect(detector, &status) : NULL;
    int32_t result = 0;
    if (U_FAILURE(status) || match == NULL) {
        result = U_FAILURE(status) ? -(int32_t)status : -1;
    } else {
        const char *found = ucsdet_getName(match, &status);
        int32_t found_confidence = ucsdet_getConfidence(match, &status);
        if (U_FAILURE(status) || found == NULL) {
            result = -(int32_t)status;
        } else {
            strncpy(name, found, (size_t)name_capacity - 1);
            name[name_capacity - 1] = '\0';
            *confidence = found_confidence;
        }
    }
    ucsdet_close(detector);
    return result;
}

int32_t enlint_convert_to_utf8(const char *from, const uint8_t *source, int32_t source_length,
                               uint8_t *target, int32_t target_capacity) {
    UErrorCode status = U_ZERO_ERROR;
    int32_t written = ucnv_convert("UTF-8", from, (char *)target, target_capacity,
                                   (const char *)source, source_length, &status);
    if (status == U_BUFFER_OVERFLOW_ERROR) return -1;
    if (U_FAILURE(status)) return -(int32_t)status;
    return written;
}

struct enlint_transcoder {
    UConverter *from;
    UConverter *utf8;
    UChar pivot[4096];
    UChar *pivot_source;
    UChar *pivot_target;
};

enlint_transcoder *enlint_transcoder_open(const char *from, int32_t *error) {
    UErrorCode status = U_ZERO_ERROR;
    enlint_transcoder *t = calloc(1, sizeof(enlint_transcoder));
    if (t == NULL) { *error = -1; return NULL; }
    t->from = ucnv_open(from, &status);
    if (U_SUCCESS(status)) t->utf8 = ucnv_open("UTF-8", &status);
    // A warning (an ambiguous alias) is not a failure; only U_FAILURE is.
    if (U_FAILURE(status)) {
        *error = -(int32_t)status;
        enlint_transcoder_close(t);
        return NULL;
    }
    t->pivot_source = t->pivot;
    t->pivot_target = t->pivot;
    *error = 0;
    return t;
}

int32_t enlint_transcoder_convert(enlint_transcoder *t, const uint8_t **source,
                                  const uint8_t *source_limit, uint8_t **target,
                                  uint8_t *target_limit, int32_t flush) {
    UErrorCode status = U_ZERO_ERROR;
    ucnv_convertEx(t->utf8, t->from, (char **)target, (const char *)target_limit,
                   (const char **)source, (const char *)source_limit, t->pivot, &t->pivot_source,
                   &t->pivot_target, t->pivot + 4096, 0, flush != 0, &status);
    if (status == U_BUFFER_OVERFLOW_ERROR) return 1;
    if (U_FAILURE(status)) return -(int32_t)status;
    return 0;
}

void enlint_transcoder_close(enlint_transcoder *t) {
    if (t == NULL) return;
    if (t->from) ucnv_close(t->from);
    if (t->utf8) ucnv_close(t->utf8);
    free(t);
}
