#include "enlint_icu.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/uvernum.h>

// ICU is loaded with dlopen on first use rather than linked: only files that are not UTF-8 need
// it, and loading libicuuc, libicui18n and libicudata at start-up cost every run about 2 MiB of
// memory. The headers still give the exact types and the versioned names (ucsdet_open is a
// macro for ucsdet_open_72), so each pointer is looked up under the name the linker would use.
#define ENLINT_STRINGIFY2(x) #x
#define ENLINT_STRINGIFY(x) ENLINT_STRINGIFY2(x)
#define ENLINT_ICU_LIBRARY "libicui18n.so." U_ICU_VERSION_SHORT

#define ENLINT_ICU_FUNCTIONS(X) \
    X(ucsdet_open) X(ucsdet_setText) X(ucsdet_detect) X(ucsdet_getName) X(ucsdet_getConfidence) \
    X(ucsdet_close) X(ucnv_convert) X(ucnv_open) X(ucnv_convertEx) X(ucnv_close)

// One pointer per function, each field named like the function (after ICU's renaming macros),
// so that `icu.ucnv_open(...)` reads like the direct call.
static struct {
#define ENLINT_ICU_FIELD(name) __typeof__(name) *name;
    ENLINT_ICU_FUNCTIONS(ENLINT_ICU_FIELD)
#undef ENLINT_ICU_FIELD
    int loaded;
} icu;

static pthread_once_t icu_once = PTHREAD_ONCE_INIT;

static void icu_load(void) {
    // libicui18n brings libicuuc and libicudata with it.
    void *library = dlopen(ENLINT_ICU_LIBRARY, RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) return;
#define ENLINT_ICU_LOOKUP(name) \
    icu.name = (__typeof__(name) *)dlsym(library, ENLINT_STRINGIFY(name)); \
    if (icu.name == NULL) return;
    ENLINT_ICU_FUNCTIONS(ENLINT_ICU_LOOKUP)
#undef ENLINT_ICU_LOOKUP
    icu.loaded = 1;
}

int32_t enlint_icu_available(void) {
    pthread_once(&icu_once, icu_load);
    return icu.loaded;
}

const char *enlint_icu_library_name(void) { return ENLINT_ICU_LIBRARY; }


int32_t enlint_detect_charset(const uint8_t *bytes, int32_t length,
                              char *name, int32_t name_capacity, int32_t *confidence) {
    if (!enlint_icu_available()) return ENLINT_ICU_UNAVAILABLE;
    UErrorCode status = U_ZERO_ERROR;
    UCharsetDetector *detector = icu.ucsdet_open(&status);
    if (U_FAILURE(status)) return -(int32_t)status;
    icu.ucsdet_setText(detector, (const char *)bytes, length, &status);
    const UCharsetMatch *match = U_SUCCESS(status) ? icu.ucsdet_detect(detector, &status) : NULL;
    int32_t result = 0;
    if (U_FAILURE(status) || match == NULL) {
        result = U_FAILURE(status) ? -(int32_t)status : -1;
    } else {
        const char *found = icu.ucsdet_getName(match, &status);
        int32_t found_confidence = icu.ucsdet_getConfidence(match, &status);
        if (U_FAILURE(status) || found == NULL) {
            result = -(int32_t)status;
        } else {
            strncpy(name, found, (size_t)name_capacity - 1);
            name[name_capacity - 1] = '\0';
            *confidence = found_confidence;
        }
    }
    icu.ucsdet_close(detector);
    return result;
}

int32_t enlint_convert_to_utf8(const char *from, const uint8_t *source, int32_t source_length,
                               uint8_t *target, int32_t target_capacity) {
    if (!enlint_icu_available()) return ENLINT_ICU_UNAVAILABLE;
    UErrorCode status = U_ZERO_ERROR;
    int32_t written = icu.ucnv_convert("UTF-8", from, (char *)target, target_capacity,
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
    if (!enlint_icu_available()) { *error = ENLINT_ICU_UNAVAILABLE; return NULL; }
    UErrorCode status = U_ZERO_ERROR;
    enlint_transcoder *t = calloc(1, sizeof(enlint_transcoder));
    if (t == NULL) { *error = -1; return NULL; }
    t->from = icu.ucnv_open(from, &status);
    if (U_SUCCESS(status)) t->utf8 = icu.ucnv_open("UTF-8", &status);
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
    icu.ucnv_convertEx(t->utf8, t->from, (char **)target, (const char *)target_limit,
                   (const char **)source, (const char *)source_limit, t->pivot, &t->pivot_source,
                   &t->pivot_target, t->pivot + 4096, 0, flush != 0, &status);
    if (status == U_BUFFER_OVERFLOW_ERROR) return 1;
    if (U_FAILURE(status)) return -(int32_t)status;
    return 0;
}

void enlint_transcoder_close(enlint_transcoder *t) {
    if (t == NULL) return;
    if (t->from) icu.ucnv_close(t->from);
    if (t->utf8) icu.ucnv_close(t->utf8);
    free(t);
}
