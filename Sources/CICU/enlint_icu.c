#include "enlint_icu.h"

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
