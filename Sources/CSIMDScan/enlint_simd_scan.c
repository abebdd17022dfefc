// Most of the scanning code is static inline in the header. Here: the AVX2 block classifier
// (enlint_classify_avx2.h), compiled for AVX2 on its own and called only after
// `enlint_detect_avx2` said yes; and the CPUID check.
#include "enlint_simd_scan.h"

#if ENLINT_AVX2_DISPATCH
#include "enlint_classify_avx2.h"

int enlint_avx2_state = -1;

int enlint_detect_avx2(void) {
    int ok = (enlint_cpu_features() & ENLINT_CPU_AVX2) != 0;
    __atomic_store_n(&enlint_avx2_state, ok, __ATOMIC_RELAXED);
    return ok;
}

__attribute__((target("avx2")))
void enlint_classify64_plain_avx2(const uint8_t *p, uint8_t delimiter, uint64_t *delimiters,
                                  uint64_t *others, uint64_t *nonPlain) {
    enlint_classify64_plain_avx2_inline(p, delimiter, delimiters, others, nonPlain);
}
#endif

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <cpuid.h>

static int detect_cpu_features(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    int avx = (c & bit_OSXSAVE) && (c & bit_AVX);
    if (avx) {
        // The OS saves the XMM and YMM registers: XCR0 bits 1 and 2.
        unsigned lo, hi;
        __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
        avx = (lo & 6) == 6;
    }
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    return (avx && (b & bit_AVX2) ? ENLINT_CPU_AVX2 : 0) | (b & bit_BMI ? ENLINT_CPU_BMI1 : 0)
        | (b & bit_BMI2 ? ENLINT_CPU_BMI2 : 0);
}

int enlint_cpu_features(void) {
    static int features = -1;  // a race only detects twice
    int f = __atomic_load_n(&features, __ATOMIC_RELAXED);
    if (f < 0) {
        f = detect_cpu_features();
        __atomic_store_n(&features, f, __ATOMIC_RELAXED);
    }
    return f;
}
#else
int enlint_cpu_features(void) { return 0; }
#endif
